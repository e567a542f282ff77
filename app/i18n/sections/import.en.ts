import type { Catalog } from '../fi';

export const dataImportEn: Catalog['dataImport'] = {
  title: 'import',
};
