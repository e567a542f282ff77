import type { Catalog } from '../fi';

export const organisationEn: Catalog['organisation'] = {
  title: 'Organisation',
};
