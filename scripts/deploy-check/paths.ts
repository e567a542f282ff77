/** Where the check finds this checkout and the doc it runs. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DOC = path.join(ROOT, 'docs', 'deploy.md');
