import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startServer } from '../support/server';
import { Client, dbAll, htmlOf, listedIds, showServerLogsOnFailure, userId, visibleText, withoutScripts } from './helpers';

let server: TestServer;
let official: Client;
/** valmistelija's decisions as the database holds them: newest meeting first (then the newest row). */
let expected: Array<{ id: number; meeting_date: string; title: string }>;

beforeAll(async () => {
  server = await startServer();
  official = await new Client(server.url).login('valmistelija');
  const rows = dbAll<{ id: number; meeting_date: string; title: string }>(
    server,
    'SELECT id, meeting_date, title FROM decisions WHERE author_id = ?',
    userId(server, 'valmistelija'),
  );
  // Sorted here, not by the database: by meeting date descending, then id descending.
  expected = rows.sort((a, b) => (a.meeting_date === b.meeting_date ? b.id - a.id : a.meeting_date < b.meeting_date ? 1 : -1));
});
afterAll(async () => {
  await server?.stop();
});
showServerLogsOnFailure(() => server);

const PAGE = 20;
/** yyyy-mm-dd → d.m.yyyy, by hand. */
const finnishDate = (iso: string) => {
  const [y, m, d] = iso.split('-');
  return `${Number(d)}.${Number(m)}.${y}`;
};
/** The meeting dates shown in the list's rows, in order. */
const shownDates = (html: string) => [...withoutScripts(html).matchAll(/<td data-label="Kokous">([^<]*)<\/td>/g)].map((m) => m[1]);

describe('the official’s own list', () => {
  it('has more than one page of decisions in the demo data', () => {
    expect(expected.length).toBeGreaterThan(PAGE);
    expect(expected.length).toBeLessThanOrEqual(2 * PAGE);
  });

  it('shows the 20 newest meetings on the first page, newest first', async () => {
    const res = await official.get('/decisions');
    expect(res.status).toBe(200);
    const html = await htmlOf(res);
    const ids = listedIds(html);
    expect(ids).toHaveLength(PAGE);
    expect(ids).toEqual(expected.slice(0, PAGE).map((r) => r.id));
    expect(shownDates(html)).toEqual(expected.slice(0, PAGE).map((r) => finnishDate(r.meeting_date)));
    const text = visibleText(html);
    expect(text).toContain(`1–${PAGE} / ${expected.length}`);
    expect(text).toContain('Sivu 1 / 2');
    expect(html).toMatch(/<a rel="next"[^>]*href="\/decisions\?page=2"/);
    expect(html).not.toMatch(/rel="prev"/);
  });

  it('shows the rest on the second page, continuing the order', async () => {
    const res = await official.get('/decisions?page=2');
    expect(res.status).toBe(200);
    const html = await htmlOf(res);
    const ids = listedIds(html);
    expect(ids).toEqual(expected.slice(PAGE).map((r) => r.id));
    expect(ids).toHaveLength(expected.length - PAGE);
    expect(shownDates(html)).toEqual(expected.slice(PAGE).map((r) => finnishDate(r.meeting_date)));
    expect(visibleText(html)).toContain(`${PAGE + 1}–${expected.length} / ${expected.length}`);
    expect(html).toMatch(/<a rel="prev"[^>]*href="\/decisions\?page=1"/);
    expect(html).not.toMatch(/rel="next"/);
  });

  it('the two pages together hold every decision of the official once, and only theirs', async () => {
    const first = listedIds(await htmlOf(await official.get('/decisions?page=1')));
    const second = listedIds(await htmlOf(await official.get('/decisions?page=2')));
    const all = [...first, ...second];
    expect(new Set(all).size).toBe(all.length);
    expect([...all].sort((a, b) => a - b)).toEqual(expected.map((r) => r.id).sort((a, b) => a - b));
    // The dates never go up from one row to the next, across the page break too.
    const dates = all.map((id) => expected.find((r) => r.id === id)!.meeting_date);
    for (let i = 1; i < dates.length; i++) expect(dates[i]! <= dates[i - 1]!, `${dates[i - 1]} then ${dates[i]}`).toBe(true);
  });

  it.each(['0', '-1', 'abc', '1.5'])('treats ?page=%s as the first page, never 500', async (page) => {
    const res = await official.get(`/decisions?page=${page}`);
    expect(res.status).toBe(200);
    expect(listedIds(await htmlOf(res))).toEqual(expected.slice(0, PAGE).map((r) => r.id));
  });

  it.each(['3', '99999999999'])('answers ?page=%s, past the end, without error', async (page) => {
    const res = await official.get(`/decisions?page=${page}`);
    expect(res.status).toBe(200);
    const ids = listedIds(await htmlOf(res));
    // The last page again, the first, or an empty one: never rows that are not the official's.
    for (const id of ids) expect(expected.map((r) => r.id)).toContain(id);
  });
});
