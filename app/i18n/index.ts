import { en } from './en';
import { type Catalog, fi } from './fi';

export const LANGUAGES = ['fi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'fi';

const catalogs: Record<Language, Catalog> = { fi, en };

type Paths<T, Prefix extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${Prefix}${K}` : Paths<T[K], `${Prefix}${K}.`>;
}[keyof T & string];

/** Every message key, e.g. 'login.title'. */
export type MessageKey = Paths<Catalog>;
export type Params = Record<string, string | number>;

export function isLanguage(value: unknown): value is Language {
  return value === 'fi' || value === 'en';
}

function lookup(catalog: Catalog, key: string): string | undefined {
  let node: unknown = catalog;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

export function translate(language: Language, key: MessageKey, params?: Params): string {
  const template = lookup(catalogs[language], key) ?? lookup(fi, key) ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => (params[name] === undefined ? match : String(params[name])));
}

export type Translate = (key: MessageKey, params?: Params) => string;

export function translator(language: Language): Translate {
  return (key, params) => translate(language, key, params);
}

/** Numbers as the language writes them: 0,7 in Finnish and 0.7 in English. */
// Making an Intl formatter costs tens of microseconds; the report page formats hundreds of numbers,
// and making one per number was a third of its time (node --cpu-prof). One per kind is kept.
const numberFormats = new Map<string, Intl.NumberFormat>();

export function formatNumber(language: Language, value: number, fractionDigits = 1): string {
  const key = `${language}:${fractionDigits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(language === 'fi' ? 'fi-FI' : 'en-GB', {
      minimumFractionDigits: fractionDigits,
      maximumFractionDigits: fractionDigits,
      signDisplay: 'exceptZero',
    });
    numberFormats.set(key, format);
  }
  return format.format(value);
}
