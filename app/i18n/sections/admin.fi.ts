/** Finnish messages of the admin frame and its front page (t('admin.…')); admin.en.ts has the same keys. */
export const adminFi = {
  title: 'Ylläpito',
  intro: 'Täällä pääkäyttäjä hoitaa käyttäjät, organisaation, kuntastrategian versiot ja aiempien arviointien tuonnin. Jokainen muutos kirjataan lokiin.',
  sectionsNav: 'Ylläpidon osat',
  users: 'Käyttäjät',
  usersText: 'Lisää käyttäjiä, anna rooleja ja hallintokuntia, vaihda salasana tai poista käyttäjä käytöstä.',
  organisation: 'Organisaatio',
  organisationText: 'Kunnan nimi ja logo, toimielimet ja hallintokunnat.',
  strategy: 'Kuntastrategia',
  strategyText: 'Strategian versiot: uusi versio, periaatteiden muokkaus, esikatselu, käyttöönotto sekä tuonti ja vienti JSON-tiedostona.',
  import: 'Arviointien tuonti',
  importText: 'Tuo aiemmin taulukkolaskennassa tehdyt arvioinnit CSV-tiedostosta.',
  audit: 'Lokitiedot',
  auditText: 'Kuka teki mitä ja milloin: kirjautumiset, muutokset ja salassa pidettävien arviointien katselut.',
};
