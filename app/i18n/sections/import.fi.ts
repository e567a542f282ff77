/** Finnish messages of the import pages and files (t('dataImport.…')); import.en.ts has the same keys. */
export const dataImportFi = {
  title: 'import',
} as const;
