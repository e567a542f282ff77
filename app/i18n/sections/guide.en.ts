import type { Catalog } from '../fi';

export const guideEn: Catalog['guide'] = {
  title: 'Help',
};
