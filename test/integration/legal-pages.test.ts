/**
 * The accessibility statement (saavutettavuusseloste, Act 306/2019) and the
 * privacy notice (tietosuojaseloste, GDPR Articles 13–14) are public and linked from every page's
 * footer, the login page and error pages included, in Finnish and in English.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startServer } from '../support/server';
import { Client, dbGet, htmlOf, showServerLogsOnFailure, visibleText } from './helpers';

let server: TestServer;
showServerLogsOnFailure(() => server);

beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.stop();
});

/** The links of the footer's navigation, as [href, text]. */
function footerLinks(html: string): Array<[string, string]> {
  const footer = /<footer\b[\s\S]*?<\/footer>/.exec(html)?.[0] ?? '';
  return [...footer.matchAll(/<a\b[^>]*href="([^"]+)"[^>]*>([\s\S]*?)<\/a>/g)].map((m) => [m[1]!, visibleText(m[2]!)]);
}

describe('the accessibility statement and the privacy notice', () => {
  it('are public: an anonymous visitor reads both, with the municipality named from the settings', async () => {
    const municipality = dbGet<{ value: string }>(server, "SELECT value FROM settings WHERE key = 'municipality_name'")!.value;
    const anonymous = new Client(server.url);
    const statement = await anonymous.get('/accessibility');
    expect(statement.status).toBe(200);
    const statementText = visibleText(await htmlOf(statement));
    expect(statementText).toContain('Saavutettavuusseloste');
    expect(statementText).toContain(municipality);
    expect(statementText).toContain('WCAG 2.1');
    expect(statementText).toContain('saavutettavuus@avi.fi');
    const privacy = await anonymous.get('/privacy');
    expect(privacy.status).toBe(200);
    const privacyText = visibleText(await htmlOf(privacy));
    expect(privacyText).toContain('Tietosuojaseloste');
    expect(privacyText).toContain(`${municipality}. Yhteydenotot`);
    expect(privacyText).toContain('6 artiklan 1 kohdan e alakohta');
  });

  it('are linked from the footer of the login page, a logged-in page and an error page', async () => {
    const expected: Array<[string, string]> = [
      ['/accessibility', 'Saavutettavuusseloste'],
      ['/privacy', 'Tietosuojaseloste'],
    ];
    const anonymous = new Client(server.url);
    expect(footerLinks(await htmlOf(await anonymous.get('/login')))).toEqual(expected);
    const official = await new Client(server.url).login('valmistelija');
    expect(footerLinks(await htmlOf(await official.get('/decisions')))).toEqual([...expected, ['/guide', 'Käyttöohje']]);
    const missing = await official.get('/decisions/999999');
    expect(missing.status).toBe(404);
    expect(footerLinks(await htmlOf(missing))).toEqual([...expected, ['/guide', 'Käyttöohje']]);
  });

  it('read in English for a user who chose English', async () => {
    const client = await new Client(server.url).login('esimies');
    expect((await client.post('/language', { language: 'en', redirectTo: '/accessibility' })).status).toBe(302);
    const statement = visibleText(await htmlOf(await client.get('/accessibility')));
    expect(statement).toContain('Accessibility statement');
    expect(statement).toContain('Act on the Provision of Digital Services (306/2019)');
    expect(statement).not.toContain('Saavutettavuusseloste');
    const privacy = await htmlOf(await client.get('/privacy'));
    expect(visibleText(privacy)).toContain('Privacy notice');
    expect(footerLinks(privacy).map(([, text]) => text)).toEqual(['Accessibility statement', 'Privacy notice', 'User guide']);
    await client.post('/language', { language: 'fi', redirectTo: '/' });
  });
});
