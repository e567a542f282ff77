/** Finnish messages of the strategy versions pages (t('strategyAdmin.…')); strategy-admin.en.ts has the same keys. */
export const strategyAdminFi = {
  title: 'Strategiaversiot',
};
