/** The text a decision is found by: lower-cased in JavaScript, so that ä and Ä match on every database. */
export function searchTextOf(d: { title: string; caseNumber?: string | null; description: string }): string {
  return [d.title, d.caseNumber ?? '', d.description].join(' ').toLocaleLowerCase('fi');
}

/** A user's search words, lower-cased, with LIKE's wildcards taken literally. */
export function likePattern(query: string): string {
  const escaped = query
    .trim()
    .toLocaleLowerCase('fi')
    .replace(/[\\%_]/g, (c) => `\\${c}`);
  return `%${escaped}%`;
}
