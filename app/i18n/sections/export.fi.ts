/** Finnish messages of the export pages and files (t('dataExport.…')); export.en.ts has the same keys. */
export const dataExportFi = {
  title: 'export',
} as const;
