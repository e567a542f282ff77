/** The pages server.js answers before a request reaches the app (server/limits.js). */
export const limitsFi = {
  tooLargeTitle: 'Lähetetty tieto on liian suuri',
  tooLarge: 'Tähän osoitteeseen voi lähettää enintään {size} Mt. Mitään ei tallennettu.',
  tooLargeShort: 'Lähetetty tieto oli liian suuri, eikä sitä tallennettu.',
  tooLargeHelp: 'Palaa lomakkeeseen, lyhennä tekstiä tai valitse pienempi tiedosto ja lähetä uudelleen.',
  back: 'Takaisin lomakkeeseen',
  tooLargePlain: 'Lähetetty tieto on liian suuri: enintään {size} Mt.',
  tooManyHeaders: 'Liikaa otsakerivejä: enintään {max}.',
} as const;
