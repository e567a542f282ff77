import { describe, expect, it } from 'vitest';
import { likePattern, searchTextOf } from '~/domain/search';

/** How SQL's `LIKE pattern ESCAPE '\'` matches, to check a pattern against a text as the database would. */
function like(text: string, pattern: string): boolean {
  const literal = (c: string) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  let regex = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charAt(i);
    if (c === '\\') regex += literal(pattern.charAt(++i));
    else if (c === '%') regex += '[\\s\\S]*';
    else if (c === '_') regex += '[\\s\\S]';
    else regex += literal(c);
  }
  return new RegExp(`^${regex}$`).test(text);
}

describe('searchTextOf', () => {
  it('joins title, case number and description, lower-cased', () => {
    expect(searchTextOf({ title: 'Kyläkoulun Peruskorjaus', caseNumber: 'VES/123/2026', description: 'Esitys KUNNANHALLITUKSELLE' })).toBe(
      'kyläkoulun peruskorjaus ves/123/2026 esitys kunnanhallitukselle',
    );
  });

  it('lower-cases the Finnish letters Ä, Ö and Å', () => {
    const text = searchTextOf({ title: 'ÄÄNEKOSKI', caseNumber: null, description: 'ÖLJYLÄMMITYS ÅLANDISSA' });
    expect(text).toContain('äänekoski');
    expect(text).toContain('öljylämmitys ålandissa');
    expect(text).not.toMatch(/[ÄÖÅA-Z]/);
  });

  it('leaves out a missing case number without writing "null" or "undefined"', () => {
    const withNull = searchTextOf({ title: 'Otsikko', caseNumber: null, description: 'Kuvaus' });
    const without = searchTextOf({ title: 'Otsikko', description: 'Kuvaus' });
    for (const text of [withNull, without]) {
      expect(text).toContain('otsikko');
      expect(text).toContain('kuvaus');
      expect(text).not.toContain('null');
      expect(text).not.toContain('undefined');
    }
  });

  it('does not join the title and the description into one word', () => {
    expect(searchTextOf({ title: 'Koulu', caseNumber: null, description: 'Tie' })).not.toContain('koulutie');
  });
});

describe('likePattern', () => {
  it('wraps the words in % so that they are found anywhere', () => {
    expect(likePattern('koulu')).toBe('%koulu%');
  });

  it('lower-cases the words, Finnish letters included', () => {
    expect(likePattern('ÄÄNESTYS Öljy Åland')).toBe('%äänestys öljy åland%');
  });

  it('trims the spaces around the words', () => {
    expect(likePattern('  koulu  ')).toBe('%koulu%');
  });

  it('takes % literally', () => {
    expect(likePattern('100%')).toBe('%100\\%%');
  });

  it('takes _ literally', () => {
    expect(likePattern('a_b')).toBe('%a\\_b%');
  });

  it('takes a backslash literally', () => {
    expect(likePattern('a\\b')).toBe('%a\\\\b%');
  });

  it('escapes a backslash before a wildcard so that neither escapes the other', () => {
    expect(likePattern('\\%')).toBe('%\\\\\\%%');
  });
});

describe('likePattern matching searchTextOf, as the database would', () => {
  const text = searchTextOf({ title: 'Äitiysneuvolan Tilat', caseNumber: 'VES/7/2026', description: 'Korotus 100 % ja tila_A' });

  it('finds a text whatever the case of the letters typed', () => {
    expect(like(text, likePattern('ÄITIYS'))).toBe(true);
    expect(like(text, likePattern('neuvolan tilat'))).toBe(true);
  });

  it('finds a case number', () => {
    expect(like(text, likePattern('ves/7/2026'))).toBe(true);
  });

  it('finds a literal % and _', () => {
    expect(like(text, likePattern('100 %'))).toBe(true);
    expect(like(text, likePattern('tila_a'))).toBe(true);
  });

  it('does not let _ and % match other characters', () => {
    expect(like(text, likePattern('tila_tilat'))).toBe(false);
    expect(like(text, likePattern('äitiys%tilat'))).toBe(false);
    expect(like(text, likePattern('ves_7'))).toBe(false);
  });
});
