import type { Catalog } from '../fi';

export const strategyAdminEn: Catalog['strategyAdmin'] = {
  title: 'Strategy versions',
};
