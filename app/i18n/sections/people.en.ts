import type { Catalog } from '../fi';

export const peopleEn: Catalog['people'] = {
  title: 'Users',
};
