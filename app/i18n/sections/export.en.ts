import type { Catalog } from '../fi';

export const dataExportEn: Catalog['dataExport'] = {
  title: 'export',
};
