/** Finnish messages of the help pages (t('guide.…')); guide.en.ts has the same keys. */
export const guideFi = {
  title: 'Ohjeet',
  lead: 'Lyhyt käyttöohje kiireiselle valmistelijalle: miten arvioit päätösesityksen, mitä asteikko tarkoittaa ja mitä arvioinnille tapahtuu sen jälkeen.',
  toc: 'Sisällys',

  purposeTitle: 'Mihin Linssiä käytetään',
  purposeText:
    'Jokainen toimielimelle menevä päätösesitys katsotaan ennen kokousta kuntastrategian läpi. Esityksen valmistelija täyttää tarkistuslistan: miten esitys todennäköisesti vaikuttaa kuhunkin strategian periaatteeseen. Esimies tarkastaa arvioinnin, ja elinvoimaryhmä kokoaa kaikki arvioinnit kerran vuodessa strategian toteutumisen arvioksi valtuustolle.',
  purposeStrategy: 'Kunta: {municipality}. Voimassa oleva strategia: {strategy}.',
  purposeStrategyApproved: 'Strategian on hyväksynyt {body} {date}.',
  purposeNoStrategy: 'Strategiaa ei ole vielä otettu käyttöön. Pyydä pääkäyttäjää lisäämään se.',
  purposeWhy:
    'Arviointi vie yleensä 10–20 minuuttia. Se tekee strategian näkyväksi jokaisessa päätöksessä, ja perustelusi ovat myöhemmin elinvoimaryhmän vuosiarvioinnin aineistoa. Kirjoita siis niin, että perustelun ymmärtää lukematta koko esitystä.',

  assessTitle: 'Näin arvioit päätösesityksen',
  assessStep1:
    'Luo esitys: valitse valikosta ”{newDecision}”, kirjaa otsikko (sama kuin esityslistalla), diaarinumero, päättävä toimielin, hallintokunta, kokouspäivä ja lyhyt kuvaus, ja valitse ”{create}”. Arvioinnissa käytetään kokouspäivänä voimassa olevaa strategiaa.',
  assessStep1Confidential:
    'Jos asia on salassa pidettävä tai koskee yksittäistä yritystä tai henkilöä, rastita kohta ”{confidential}”. Arviointi näkyy silloin vain esityksen nähneille, eikä sen otsikkoa tai tekstejä näytetä raporteissa.',
  assessStep2:
    'Täytä ”{checklist}” eli tarkistuslista. Jokaisesta periaatteesta näet sen tekstin (”{whatIsIt}”) ja kysymykset kohdassa ”{questions}”. Valitse vaikutus asteikolta (katso alla).',
  assessStep2Example: 'Esimerkiksi periaatteen ”{title}” kohdalla tarkistuslista kysyy: ”{question}”',
  assessStep3:
    'Kirjoita perustelu: miksi valitsit juuri tämän vaikutuksen. Perustelu on pakollinen, paitsi kun asia ei liity periaatteeseen. Kaksi tai kolme virkettä riittää, kunhan ne kertovat, mikä esityksessä vaikuttaa ja miten.',
  assessStep4:
    'Jos esitys heikentää periaatetta, kirjoita myös, miten haittoja lievennetään. Lieventäminen voi olla esimerkiksi korvaava palvelu, siirtymäaika, seuranta tai tiedottaminen asianosaisille.',
  assessStep5:
    'Jos vaikutusta ei voi vielä arvioida, valitse ”{knowledgeGap}” ja kerro perustelussa, mikä tieto puuttuu ja mistä se saadaan. Tiedon puutteet näkyvät esimiehelle ja elinvoimaryhmälle, jotta ne voidaan korjata.',
  assessStep6: 'Merkitse strategiaprojektit, joita esitys edistää (ei yhtään, yksi tai useampia). Niitä ei pisteytetä.',
  assessStep7:
    'Voit valita ”{saveDraft}” milloin tahansa ja jatkaa myöhemmin. Kun kaikki periaatteet on arvioitu ja perusteltu, valitse ”{submit}”. Jos jotain puuttuu, puute näytetään kentän kohdalla, eikä mitään kirjoittamaasi menetetä.',
  assessStep8:
    'Esityksen sivulla näkyy ”{summary}”: vaikutusprofiili ja valmis kappale kohdassa ”{agenda}”. Kopioi se päätösesityksen kohtaan Strategiavaikutukset painikkeella ”{copy}”.',
  assessArchiveTip:
    'Vinkki: hae ”{archive}” -sivulta aiempia samankaltaisia päätöksiä. Valinta ”{useAsBase}” kopioi niiden vastaukset uuden arvioinnin pohjaksi; tarkista silloin jokainen vastaus.',

  scaleTitle: 'Asteikko',
  scaleIntro:
    'Arvioi esityksen odotettua vaikutusta kuhunkin periaatteeseen: vahvistaako vai heikentääkö esitys sitä, mitä periaate tavoittelee. Keskiarvot ja jakaumat lasketaan vain numeerisista vastauksista (−2…+2); ”Ei liity” ja ”Tieto puuttuu” lasketaan erikseen.',
  scaleCaption: 'Asteikon vastaukset, niiden merkitys ja mitä kirjoitat',
  colValue: 'Arvo',
  colLabel: 'Vastaus',
  colMeaning: 'Milloin valitset',
  colWrite: 'Mitä kirjoitat',
  noNumber: 'ei lukua',
  meaning: {
    '2': 'Esitys vie periaatetta selvästi eteenpäin, ja vaikutus on asian keskeinen tarkoitus. Esimerkki: uusi päiväkoti rakennetaan kyläkeskukseen, ja lapsiperheet ovat mukana suunnittelussa.',
    '1': 'Esitys tukee periaatetta, mutta vaikutus on pieni tai välillinen. Esimerkki: kyläyhdistykselle myönnetään avustus kylätalon tapahtumiin.',
    '0': 'Asia liittyy periaatteeseen, mutta se ei muuta tilannetta kumpaankaan suuntaan. Esimerkki: koulurakennuksen tavanomainen kunnossapito.',
    '-1': 'Esitys vie jonkin verran poispäin siitä, mitä periaate tavoittelee. Esimerkki: kirjaston aukioloaikoja lyhennetään, mutta omatoimiaika säilyy.',
    '-2': 'Esitys on selvästi periaatteen vastainen. Harkitse myös vaihtoehtoja. Esimerkki: kyläkoulu lakkautetaan ilman, että kylälle jää kokoontumispaikkaa.',
    not_relevant: 'Periaate ei koske asiaa lainkaan. Esimerkki: pöytäkirjan tarkastajien valinta.',
    knowledge_gap:
      'Vaikutus voi olla merkittävä, mutta sitä ei voi vielä arvioida. Esimerkki: asemakaavan muutoksen vaikutus riippuu liikenneselvityksestä, joka valmistuu myöhemmin.',
  },
  write: {
    positive: 'Perustelu.',
    negative: 'Perustelu ja se, miten haittoja lievennetään.',
    notRelevant: 'Ei pakollisia tekstejä.',
    knowledgeGap: 'Mikä tieto puuttuu ja mistä se saadaan.',
  },

  routineTitle: 'Milloin asia on rutiiniasia',
  routineText:
    'Osa asioista ei liity mihinkään strategian periaatteeseen: esimerkiksi kokouksen laillisuuden ja päätösvaltaisuuden toteaminen, pöytäkirjan tarkastajien valinta tai ilmoitusasiat. Niitä ei tarvitse arvioida periaate kerrallaan.',
  routineHow:
    'Tarkistuslistan alussa on kohta ”{routineTitle}”. Kirjoita kenttään ”{routineRationale}” yksi yhteinen perustelu ja valitse ”{routineSubmit}”. Kaikki periaatteet merkitään kohtaan ”{notRelevant}”. Tarkista ja lähetä sitten arviointi tarkastettavaksi kuten muutkin.',
  routineNot:
    'Jos yksikin periaate liittyy asiaan, arvioi esitys tavalliseen tapaan. Esimerkiksi talousarvio, maankäyttöä koskeva päätös tai palveluverkon muutos ei ole rutiiniasia, vaikka se käsiteltäisiin joka vuosi. Raporteissa rutiiniasiat lasketaan erikseen.',

  reviewTitle: 'Esimiehen tarkastus',
  reviewText:
    'Lähetetty arviointi on tilassa ”{submitted}”. Hallintokuntasi esimies näkee sen sivulla ”{reviews}”, lähin kokous ensin; kiireelliset (kokous 7 päivän sisällä) on merkitty.',
  reviewManager:
    'Esimies lukee vastaukset ja perustelut ja voi kommentoida jokaista periaatetta sekä koko arviointia (”{overallComment}”). Sitten hän valitsee joko ”{approve}” tai ”{return}”. Palautettaessa yleiskommentti on pakollinen: kerro, mitä pitää korjata.',
  reviewReturned:
    'Palautettu arviointi on valmistelijalla tilassa ”{returned}”. Kommentit näkyvät vastausten vieressä. Korjaa ja lähetä arviointi uudelleen. Kukaan ei tarkasta omaa arviointiaan.',
  reviewHistory: 'Jokainen tallennus ja tilan muutos säilyy. ”{history}” näyttää, kuka muutti mitä ja milloin, ja minkä tahansa kahden version erot.',

  recordTitle: 'Päätöksen kirjaaminen',
  recordText:
    'Kokouksen jälkeen valmistelija (tai pääkäyttäjä) avaa esityksen, jonka arviointi on hyväksytty, ja valitsee ”{record}”: toimielimen päätös (esimerkiksi hyväksytty, hyväksytty muutettuna, hylätty tai jätetty pöydälle), pöytäkirjan pykälä (§) ja kokouspäivä, jos asia käsiteltiin eri päivänä kuin oli suunniteltu.',
  recordFrozen:
    'Kirjaamisen jälkeen arviointi on tilassa ”{decided}” eikä sitä voi enää muuttaa. Julkinen päätetty arviointi näkyy kaikille sivulla ”{archive}” ja tämän ohjeen periaatesivuilla esimerkkinä. Luottamuksellinen näkyy vain niille, jotka näkivät luonnoksen.',

  evaluationTitle: 'Elinvoimaryhmän vuosiarviointi',
  evaluationText:
    'Elinvoimaryhmä esittää valtuustolle vuosittain elokuun lopussa arvionsa strategian toteutumisesta ja täsmennystarpeista. Arviointikausi on oletuksena 1.9.–31.8., ja sen nimi on vuosi, jona se päättyy.',
  evaluationStep1:
    'Alustava arvio yhdessä: ryhmä avaa sivulla ”{evaluation}” kierroksen ja kirjoittaa vastaukset strategian arviointikysymyksiin periaate kerrallaan. Rinnalla ovat luvut (”{report}”): hyväksyttyjen ja päätettyjen arviointien vastaukset, vahvistaneet päätökset ja heikentäneet päätökset lieventämisineen.',
  evaluationStep2:
    'Johtoryhmän kysely: ryhmä avaa kyselyn, ja esimiehet vastaavat samoihin kysymyksiin sivulla ”{survey}”. Vastauksen voi tallentaa luonnoksena; lähetettyä vastausta ei voi enää muuttaa. Ryhmä näkee vastaukset ja sen, kuka ei ole vielä vastannut.',
  evaluationStep3:
    'Yhteenveto: ryhmä kirjoittaa yhteenvedon ja täsmennystarpeet ja merkitsee kierroksen lähetetyksi kunnanhallitukselle, jolloin tekstit lukitaan. Kunnanhallitus voi kommentoida arviota lähettäessään sen valtuustolle.',
  evaluationConfidential:
    'Luottamukselliset arvioinnit lasketaan lukuihin, mutta niiden otsikoita tai tekstejä ei näytetä. Ryhmän viimeisin arvio kustakin periaatteesta näkyy periaatteen ohjesivulla.',

  principlesTitle: 'Strategian periaatteet',
  principlesIntro:
    'Jokaisella periaatteella on oma ohjesivunsa: periaatteen teksti, pohdittavat kysymykset, esimerkkejä päätöksistä, jotka vahvistivat tai heikensivät sitä, ja elinvoimaryhmän viimeisin arvio.',
  principlesNone: 'Voimassa olevaa strategiaa ei ole.',

  // The page of one principle.
  dimension: 'Strategian osa',
  strategy: 'Strategia',
  olderVersion: 'Tämä periaate ei ole voimassa olevassa strategiassa. Sivulla näytetään periaate strategiaversiosta ”{name}” (voimassa alkaen {from}).',
  draftVersion: 'Tämä periaate on strategiaversiossa ”{name}”, jota ei ole vielä otettu käyttöön.',
  whatIsIt: 'Mitä se on',
  noDescription: 'Periaatteelle ei ole kirjoitettu kuvausta.',
  questions: 'Pohdi arvioidessasi',
  noQuestions: 'Periaatteelle ei ole kirjoitettu kysymyksiä.',
  examplesTitle: 'Esimerkkejä päätöksistä',
  examplesIntro: 'Viimeisimmät päätetyt, julkiset asiat, joiden arvioinnissa tämä periaate vahvistui tai heikkeni. Luottamukselliset asiat eivät ole mukana.',
  strengthenedTitle: 'Päätökset, jotka vahvistivat periaatetta',
  weakenedTitle: 'Päätökset, jotka heikensivät periaatetta',
  noStrengthened: 'Periaatetta vahvistaneita päätettyjä julkisia asioita ei vielä ole.',
  noWeakened: 'Periaatetta heikentäneitä päätettyjä julkisia asioita ei vielä ole.',
  projectExamplesTitle: 'Päätökset, jotka edistivät projektia',
  projectExamplesIntro: 'Viimeisimmät päätetyt, julkiset asiat, joiden arvioinnissa tämä strategiaprojekti merkittiin edistyväksi.',
  noProjectExamples: 'Projektia edistäneitä päätettyjä julkisia asioita ei vielä ole.',
  meeting: 'Kokous {date}',
  answer: 'Arvio',
  rationale: 'Perustelu',
  mitigation: 'Haittojen lieventäminen',
  moreStrengthened: 'Kaikki periaatetta vahvistaneet päätökset päätösarkistossa',
  moreWeakened: 'Kaikki periaatetta heikentäneet päätökset päätösarkistossa',
  evaluationOfGroup: 'Elinvoimaryhmän arvio',
  evaluationRound: '{round}, tila: {status}.',
  evaluationNone: 'Elinvoimaryhmä ei ole vielä kirjoittanut arviota tästä periaatteesta.',
  questionNumber: 'Kysymys {number}',
  backToGuide: 'Takaisin käyttöohjeeseen',
};
