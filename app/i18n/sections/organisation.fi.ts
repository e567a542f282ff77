/** Finnish messages of the organisation pages (t('organisation.…')); organisation.en.ts has the same keys. */
export const organisationFi = {
  title: 'Organisaatio',
};
