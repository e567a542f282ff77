import { z } from 'zod';
import { LIMITS } from './limits';

export const loginSchema = z.object({
  username: z.string().trim().min(1, 'required').max(LIMITS.username),
  password: z.string().min(1, 'required').max(LIMITS.password),
});
