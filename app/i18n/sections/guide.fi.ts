/** Finnish messages of the help pages (t('guide.…')); guide.en.ts has the same keys. */
export const guideFi = {
  title: 'Ohjeet',
};
