/**
 * Finnish messages of the accessibility statement and the privacy notice (t('legal.…')),
 * legal.en.ts has the same keys. Both are reached from every page's footer.
 */
export const legalFi = {
  footerNav: 'Tietoa palvelusta',
  accessibilityLink: 'Saavutettavuusseloste',
  privacyLink: 'Tietosuojaseloste',
  guideLink: 'Käyttöohje',
  accessibility: {
    title: 'Saavutettavuusseloste',
    intro:
      'Tämä saavutettavuusseloste koskee Linssi-palvelua, jolla {municipality} arvioi päätösesitysten vaikutuksia kuntastrategiaan. Seloste on laadittu digitaalisten palvelujen tarjoamisesta annetun lain (306/2019) mukaisesti.',
    statusTitle: 'Palvelun saavutettavuuden tila',
    status: 'Palvelu täyttää WCAG 2.1 -ohjeiston A- ja AA-tason saavutettavuusvaatimukset.',
    howTitle: 'Miten saavutettavuus on arvioitu',
    how1: 'Palvelun jokainen sivu tarkistetaan automaattisesti axe-työkalulla WCAG 2.0- ja 2.1-ohjeistojen A- ja AA-tason sääntöjä vasten suomeksi ja englanniksi, jokaisen käyttäjäroolin näkökulmasta, aina kun palvelua muutetaan.',
    how2: 'Lisäksi testataan, että tarkistuslistan voi täyttää pelkällä näppäimistöllä, että kohdistus näkyy, että virheilmoitukset ovat kenttien yhteydessä ja yhteenvedossa, että kaikki lomakkeet toimivat ilman JavaScriptiä ja että sivut toimivat 375 pikselin levyisellä näytöllä ilman vaakasuuntaista vieritystä.',
    how3: 'Arvio on palveluntarjoajan oma arvio. Seloste on laadittu {date}.',
    limitsTitle: 'Tunnetut rajoitukset',
    limits1:
      'Vuosiraportin Word-tiedostossa ei ole kaavioita; luvut ovat siinä taulukoina. Kaaviot näkyvät tulostettavalla raporttisivulla, jossa niillä on tekstivastine.',
    limits2:
      'Tuontitiedostojen (CSV, JSON) muoto on tekninen. Niiden käyttö on tarkoitettu pääkäyttäjälle, ja virheet kerrotaan tiedoston rivin ja sarakkeen tarkkuudella.',
    feedbackTitle: 'Palaute ja yhteystiedot',
    feedback: 'Huomasitko saavutettavuuspuutteen? Kerro siitä kunnan kirjaamoon tai palvelun pääkäyttäjälle. Vastaamme 14 päivän kuluessa.',
    authorityTitle: 'Valvontaviranomainen',
    authority:
      'Jos huomaat saavutettavuusongelmia, anna ensin palautetta palveluntarjoajalle. Jos et ole tyytyväinen saamaasi vastaukseen tai et saa vastausta lainkaan kahden viikon aikana, voit tehdä ilmoituksen Etelä-Suomen aluehallintovirastoon (saavutettavuusvalvonta).',
    authorityContact:
      'Etelä-Suomen aluehallintovirasto, saavutettavuuden valvonnan yksikkö: www.saavutettavuusvaatimukset.fi, saavutettavuus@avi.fi, puhelinvaihde 0295 016 000.',
  },
  privacy: {
    title: 'Tietosuojaseloste',
    intro: 'Tämä seloste kertoo, mitä henkilötietoja Linssi-palvelussa käsitellään ja miksi (EU:n yleinen tietosuoja-asetus, artiklat 13 ja 14).',
    controllerTitle: 'Rekisterinpitäjä',
    controller: '{municipality}. Yhteydenotot kunnan kirjaamon kautta; kunnan tietosuojavastaavan yhteystiedot saat kirjaamosta.',
    purposeTitle: 'Käsittelyn tarkoitus ja peruste',
    purpose:
      'Tietoja käsitellään kunnan päätösvalmistelussa: päätösesitysten strategiavaikutusten arviointi, esimiehen tarkastus ja elinvoimaryhmän vuosittainen strategian arviointi. Käsittelyn peruste on yleisen edun mukaisen tehtävän hoitaminen ja julkisen vallan käyttäminen (tietosuoja-asetuksen 6 artiklan 1 kohdan e alakohta).',
    dataTitle: 'Käsiteltävät tiedot',
    data1: 'Käyttäjän nimi, käyttäjätunnus, sähköpostiosoite (jos annettu), roolit ja hallintokunnat.',
    data2: 'Käyttäjän tekemät arvioinnit, tarkastukset, kommentit ja niiden muutoshistoria sekä kuka ja milloin ne teki.',
    data3:
      'Lokitiedot: kirjautumiset, epäonnistuneet kirjautumisyritykset (käyttäjätunnus ja verkko-osoite), muutokset sekä salassa pidettävien arviointien katselut. Salasanoista tallennetaan vain tiiviste.',
    sourcesTitle: 'Tietolähteet',
    sources: 'Tiedot saadaan kunnan pääkäyttäjältä (käyttäjätunnukset) ja käyttäjiltä itseltään palvelua käytettäessä.',
    retentionTitle: 'Säilytys',
    retention:
      'Arvioinnit ovat osa päätösvalmistelun asiakirjoja, ja niitä säilytetään kunnan tiedonohjaussuunnitelman mukaisesti. Käytöstä poistetun käyttäjän nimi säilyy hänen tekemissään arvioinneissa. Istuntotiedot poistuvat, kun istunto päättyy.',
    recipientsTitle: 'Tietojen luovutukset',
    recipients:
      'Tietoja ei luovuteta palvelun ulkopuolelle eikä siirretä EU:n tai ETA:n ulkopuolelle. Päätetyt, julkiset arvioinnit voivat tulla julkisiksi osana päätösasiakirjoja julkisuuslain mukaisesti.',
    rightsTitle: 'Rekisteröidyn oikeudet',
    rights:
      'Sinulla on oikeus tarkastaa tietosi, vaatia virheellisen tiedon oikaisemista ja rajoittaa käsittelyä sekä vastustaa käsittelyä tietosuoja-asetuksen mukaisesti. Pyynnöt tehdään kunnan kirjaamoon. Voit tehdä valituksen tietosuojavaltuutetun toimistolle (www.tietosuoja.fi), jos katsot, että henkilötietojesi käsittelyssä rikotaan tietosuojasäädöksiä.',
    securityTitle: 'Tietoturva',
    security:
      'Palveluun kirjaudutaan henkilökohtaisella tunnuksella. Kukin näkee vain ne arvioinnit, jotka hänen roolinsa ja hallintokuntansa sallivat. Yhteydet on salattu, salasanat tallennetaan tiivisteinä ja jokainen muutos kirjataan lokiin.',
  },
};
