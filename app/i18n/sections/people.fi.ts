/** Finnish messages of the users pages (t('people.…')); people.en.ts has the same keys. */
export const peopleFi = {
  title: 'Käyttäjät',
};
