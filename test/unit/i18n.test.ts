import { describe, expect, it } from 'vitest';
import { en } from '~/i18n/en';
import { fi } from '~/i18n/fi';
import { DEFAULT_LANGUAGE, formatNumber, isLanguage, LANGUAGES, type MessageKey, translate, translator } from '~/i18n';
import { ANSWER_VALUES } from '~/domain/scale';
import { ROLES } from '~/domain/roles';
import { ERROR_CODES } from '~/domain/validation';

/** Every message of a catalog as a flat map from its dotted key to its text. */
function flatten(node: unknown, prefix = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) flatten(value, prefix ? `${prefix}.${key}` : key, out);
  } else {
    out.set(prefix, node);
  }
  return out;
}

const fiMessages = flatten(fi);
const enMessages = flatten(en);
const placeholders = (text: string) => [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();

describe('message catalogs', () => {
  it('have many messages (the walk reaches the leaves)', () => {
    expect(fiMessages.size).toBeGreaterThan(50);
    expect(fiMessages.get('login.title')).toBe('Kirjaudu sisään');
    expect(enMessages.get('app.name')).toBe('Linssi');
  });

  it('have exactly the same keys in Finnish and English', () => {
    const fiKeys = [...fiMessages.keys()].sort();
    const enKeys = [...enMessages.keys()].sort();
    expect(fiKeys.filter((k) => !enMessages.has(k))).toEqual([]);
    expect(enKeys.filter((k) => !fiMessages.has(k))).toEqual([]);
    expect(enKeys).toEqual(fiKeys);
  });

  it('hold only strings', () => {
    const notStrings = [...fiMessages, ...enMessages].filter(([, v]) => typeof v !== 'string').map(([k]) => k);
    expect(notStrings).toEqual([]);
  });

  it('have no empty messages', () => {
    const empty = [
      ...[...fiMessages].filter(([, v]) => typeof v === 'string' && v.trim() === '').map(([k]) => `fi:${k}`),
      ...[...enMessages].filter(([, v]) => typeof v === 'string' && v.trim() === '').map(([k]) => `en:${k}`),
    ];
    expect(empty).toEqual([]);
  });

  it('use the same placeholders in both languages', () => {
    const mismatched: string[] = [];
    for (const [key, fiText] of fiMessages) {
      const enText = enMessages.get(key);
      if (typeof fiText !== 'string' || typeof enText !== 'string') continue;
      const a = placeholders(fiText).join(',');
      const b = placeholders(enText).join(',');
      if (a !== b) mismatched.push(`${key}: fi {${a}} en {${b}}`);
    }
    expect(mismatched).toEqual([]);
  });

  it('have no unbalanced braces that would not be substituted', () => {
    const broken: string[] = [];
    for (const [lang, messages] of [
      ['fi', fiMessages],
      ['en', enMessages],
    ] as const) {
      for (const [key, text] of messages) {
        const stripped = String(text).replace(/\{\w+\}/g, '');
        if (/[{}]/.test(stripped)) broken.push(`${lang}:${key}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('have a message for every validation error code in both languages', () => {
    const missing: string[] = [];
    for (const code of ERROR_CODES) {
      for (const [lang, messages] of [
        ['fi', fiMessages],
        ['en', enMessages],
      ] as const) {
        const text = messages.get(`errors.${code}`);
        if (typeof text !== 'string' || text.trim() === '') missing.push(`${lang}:errors.${code}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('tell the maximum length in the tooLong message', () => {
    expect(placeholders(fi.errors.tooLong)).toEqual(['max']);
    expect(placeholders(en.errors.tooLong)).toEqual(['max']);
  });

  it('name every answer of the scale, every role and every status in both languages', () => {
    const keys = [
      ...ANSWER_VALUES.map((v) => `answers.${v}`),
      ...ROLES.map((r) => `roles.${r}`),
      ...['draft', 'submitted', 'returned', 'approved', 'decided'].map((s) => `status.${s}`),
    ];
    for (const key of keys) {
      expect(typeof fiMessages.get(key), `fi ${key}`).toBe('string');
      expect(typeof enMessages.get(key), `en ${key}`).toBe('string');
    }
  });

  it('use the Finnish labels of the scale', () => {
    expect(fi.answers['2']).toBe('Vahvistaa selvästi');
    expect(fi.answers['1']).toBe('Vahvistaa jonkin verran');
    expect(fi.answers['0']).toBe('Ei merkittävää vaikutusta');
    expect(fi.answers['-1']).toBe('Heikentää jonkin verran');
    expect(fi.answers['-2']).toBe('Heikentää selvästi');
    expect(fi.answers.not_relevant).toBe('Ei liity tähän asiaan');
  });
});

describe('translate', () => {
  it('substitutes a parameter', () => {
    expect(translate('fi', 'app.loggedInAs', { name: 'Maija Meikäläinen' })).toBe('Kirjautuneena: Maija Meikäläinen');
    expect(translate('en', 'app.loggedInAs', { name: 'Maija Meikäläinen' })).toBe('Logged in as Maija Meikäläinen');
  });

  it('substitutes several parameters, numbers included', () => {
    expect(translate('fi', 'decisions.countShown', { from: 21, to: 40, total: 57 })).toBe('21–40 / 57');
    expect(translate('fi', 'decisions.pageOf', { page: 2, pages: 3 })).toBe('Sivu 2 / 3');
    expect(translate('fi', 'errors.tooLong', { max: 4000 })).toBe('Teksti on liian pitkä: enintään 4000 merkkiä.');
  });

  it('inserts a parameter literally, even one with $ patterns', () => {
    expect(translate('fi', 'app.loggedInAs', { name: '$& $1' })).toBe('Kirjautuneena: $& $1');
  });

  it('leaves a placeholder whose parameter is missing as it is', () => {
    expect(translate('fi', 'app.loggedInAs', {})).toBe('Kirjautuneena: {name}');
    expect(translate('fi', 'app.loggedInAs')).toBe('Kirjautuneena: {name}');
  });

  it('does not substitute into messages without placeholders', () => {
    expect(translate('en', 'login.title', { name: 'x' })).toBe(en.login.title);
  });

  it('gives the key itself for an unknown key', () => {
    expect(translate('en', 'no.such.key' as MessageKey)).toBe('no.such.key');
    expect(translate('fi', 'login' as MessageKey)).toBe('login');
  });

  it('translator binds the language', () => {
    const t = translator('en');
    expect(t('nav.home')).toBe('Home');
    expect(translator('fi')('nav.home')).toBe('Etusivu');
  });
});

describe('languages', () => {
  it('are Finnish (the default) and English', () => {
    expect([...LANGUAGES]).toEqual(['fi', 'en']);
    expect(DEFAULT_LANGUAGE).toBe('fi');
  });

  it('isLanguage knows only those', () => {
    expect(isLanguage('fi')).toBe(true);
    expect(isLanguage('en')).toBe(true);
    expect(isLanguage('sv')).toBe(false);
    expect(isLanguage('FI')).toBe(false);
    expect(isLanguage(null)).toBe(false);
  });
});

describe('formatNumber', () => {
  it('writes a decimal comma and a real minus sign in Finnish', () => {
    expect(formatNumber('fi', 0.5)).toBe('+0,5');
    expect(formatNumber('fi', -1.25, 2)).toBe('\u22121,25');
    expect(formatNumber('fi', 0)).toBe('0,0');
  });

  it('writes a decimal point in English', () => {
    expect(formatNumber('en', 0.5)).toBe('+0.5');
    expect(formatNumber('en', -1.25, 2)).toBe('-1.25');
  });
});
