import { type Language, isLanguage, translate } from '~/i18n';

const languageOf = (language: string): Language => (isLanguage(language) ? language : 'fi');
const sizeIn = (lang: Language, mb: number) => (lang === 'fi' ? String(mb).replace('.', ',') : String(mb));

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The page server.js (server/limits.js) answers a request it refuses before it reaches Remix,
 * in the language of the user's cookie: today only "too large" (413), with the route's limit in
 * MB and a link back to the form's page. A small page of its own (no scripts, no styles): the
 * request never reached a route, and nothing of the app's session is read for it.
 */
export function limitPage({ language, limitMb, back }: { language: string; kind: 'tooLarge'; limitMb: number; back: string }): string {
  const lang = languageOf(language);
  const size = sizeIn(lang, limitMb);
  const t = (key: Parameters<typeof translate>[1], params?: Record<string, string>) => escapeHtml(translate(lang, key, params));
  return [
    '<!DOCTYPE html>',
    `<html lang="${lang}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${t('limits.tooLargeTitle')} – Linssi</title></head>`,
    '<body><main id="main">',
    `<h1>${t('limits.tooLargeTitle')}</h1>`,
    `<p id="limit-message">${t('limits.tooLarge', { size })}</p>`,
    `<p>${t('limits.tooLargeHelp')}</p>`,
    `<p><a href="${escapeHtml(back)}">${t('limits.back')}</a></p>`,
    '</main></body></html>',
    '',
  ].join('\n');
}

/**
 * The one-line answer of the same refusals, for a data request or a client that does not ask for
 * HTML, and for too many header lines (431), in the language of the user's cookie.
 */
export function limitText(
  refusal: { language: string; kind: 'tooLarge'; limitMb: number } | { language: string; kind: 'tooManyHeaders'; max: number },
): string {
  const lang = languageOf(refusal.language);
  return refusal.kind === 'tooLarge'
    ? translate(lang, 'limits.tooLargePlain', { size: sizeIn(lang, refusal.limitMb) })
    : translate(lang, 'limits.tooManyHeaders', { max: String(refusal.max) });
}
