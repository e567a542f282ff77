/**
 * The manager's queue ("Tarkastettavat"): the submitted assessments of the
 * departments the manager leads, nearest meeting first, those whose meeting is within 7 days
 * marked urgent, and their count in the navigation. Expected lists are computed here from the
 * database rows and the departments the demo managers lead (db/demo-data.ts), written out.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, startServer } from '../support/server';
import {
  Client,
  dbAll,
  draftFields,
  draftIn,
  finnishDate,
  helsinkiToday,
  htmlOf,
  organisation,
  plusDays,
  postReview,
  showServerLogsOnFailure,
  userId,
  visibleText,
  withoutScripts,
} from './helpers';

let server: TestServer;
let org: { bodies: Map<string, string>; departments: Map<string, string> };
const clients: Record<string, Client> = {};
const LEADS: Record<string, string[]> = {
  esimies: ['Sivistystoimi', 'Yleishallinto'],
  johtaja: ['Perusturva', 'Tekninen toimi'],
};
const today = helsinkiToday();
const created: Record<string, number> = {};

beforeAll(async () => {
  server = await startServer();
  for (const username of ['valmistelija', 'tekninen', 'perusturva', 'esimies', 'johtaja', 'elinvoima', 'paakayttaja']) {
    clients[username] = await new Client(server.url).login(username);
  }
  org = await organisation(clients.valmistelija!);
  const make = async (
    name: string,
    status: 'draft' | 'submitted' | 'returned' | 'approved',
    days: number,
    author = 'valmistelija',
    department = 'Sivistystoimi',
    body = 'Sivistyslautakunta',
  ) => {
    const manager = LEADS.esimies!.includes(department) ? clients.esimies! : clients.johtaja!;
    created[name] = await draftIn(
      server,
      status,
      clients[author]!,
      manager,
      draftFields(org, { title: `Jono: ${name}`, meetingDate: finnishDate(plusDays(today, days)), department, body }),
    );
  };
  await make('in 3 days', 'submitted', 3);
  await make('in 7 days', 'submitted', 7);
  await make('in 8 days', 'submitted', 8);
  await make('today', 'submitted', 0);
  await make('yesterday', 'submitted', -1);
  await make('in 30 days, Yleishallinto', 'submitted', 30, 'valmistelija', 'Yleishallinto', 'Kunnanhallitus');
  await make('draft in 2 days', 'draft', 2);
  await make('returned in 2 days', 'returned', 2);
  await make('approved in 2 days', 'approved', 2);
  await make('technical in 2 days', 'submitted', 2, 'tekninen', 'Tekninen toimi', 'Tekninen lautakunta');
});
afterAll(async () => {
  await server?.stop();
});
showServerLogsOnFailure(() => server);

interface Expected {
  id: number;
  meeting: string;
}
/** Submitted proposals of the departments the manager leads, not their own, nearest meeting first. */
function expectedQueue(username: string): Expected[] {
  const departments = LEADS[username]!;
  return dbAll<{ id: number; meeting_date: string; department: string; author_id: number; status: string }>(
    server,
    `SELECT d.id, d.meeting_date, dep.name AS department, d.author_id, a.status
       FROM decisions d JOIN assessments a ON a.decision_id = d.id AND a.is_proposal
       JOIN departments dep ON dep.id = d.department_id`,
  )
    .filter((r) => r.status === 'submitted' && departments.includes(r.department) && r.author_id !== userId(server, username))
    .sort((a, b) => (a.meeting_date < b.meeting_date ? -1 : a.meeting_date > b.meeting_date ? 1 : a.id - b.id))
    .map((r) => ({ id: r.id, meeting: r.meeting_date }));
}

interface Shown {
  id: number;
  urgentRow: boolean;
  badge: string | null;
}
function queueRows(html: string): Shown[] {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(withoutScripts(html))?.[1] ?? '';
  return [...body.matchAll(/<tr\b([^>]*)>([\s\S]*?)<\/tr>/g)].map((m) => ({
    id: Number(/href="\/decisions\/(\d+)\/review"/.exec(m[2]!)?.[1]),
    urgentRow: /row--urgent/.test(m[1]!),
    badge: (() => {
      const b = /<span class="badge badge--urgent">([\s\S]*?)<\/span>/.exec(m[2]!);
      return b ? visibleText(b[1]!) : null;
    })(),
  }));
}

function navCount(html: string): number | null {
  const match = /<span class="nav-count"><span aria-hidden="true">(\d+)<\/span>/.exec(withoutScripts(html));
  return match ? Number(match[1]) : null;
}

describe('the queue of the manager', () => {
  it.each(['esimies', 'johtaja'])('%s: exactly the submitted assessments of the departments led, nearest meeting first', async (username) => {
    const res = await clients[username]!.get('/reviews');
    expect(res.status).toBe(200);
    const rows = queueRows(await htmlOf(res));
    const expected = expectedQueue(username);
    expect(expected.length).toBeGreaterThan(2);
    expect(rows.map((r) => r.id)).toEqual(expected.map((e) => e.id));
  });

  it('includes what it should and nothing else', async () => {
    const ids = queueRows(await htmlOf(await clients.esimies!.get('/reviews'))).map((r) => r.id);
    for (const name of ['in 3 days', 'in 7 days', 'in 8 days', 'today', 'yesterday', 'in 30 days, Yleishallinto']) expect(ids, name).toContain(created[name]);
    for (const name of ['draft in 2 days', 'returned in 2 days', 'approved in 2 days', 'technical in 2 days']) expect(ids, name).not.toContain(created[name]);
    expect(queueRows(await htmlOf(await clients.johtaja!.get('/reviews'))).map((r) => r.id)).toContain(created['technical in 2 days']);
  });

  it('marks as urgent the meetings within 7 days, and a past meeting as already held', async () => {
    const rows = queueRows(await htmlOf(await clients.esimies!.get('/reviews')));
    const meetings = new Map(expectedQueue('esimies').map((e) => [e.id, e.meeting]));
    const limit = plusDays(today, 7);
    for (const row of rows) {
      const meeting = meetings.get(row.id)!;
      const urgent = meeting <= limit;
      expect(row.urgentRow, `${row.id} ${meeting}`).toBe(urgent);
      expect(row.badge, `${row.id} ${meeting}`).toBe(!urgent ? null : meeting < today ? 'Kokous on jo pidetty' : 'Kiireellinen');
    }
    const byName = (name: string) => rows.find((r) => r.id === created[name])!;
    expect(byName('in 3 days').badge).toBe('Kiireellinen');
    expect(byName('today').badge).toBe('Kiireellinen');
    expect(byName('in 7 days').badge).toBe('Kiireellinen');
    expect(byName('in 8 days').badge).toBeNull();
    expect(byName('yesterday').badge).toBe('Kokous on jo pidetty');
  });

  it('leads to the review page of each', async () => {
    const first = queueRows(await htmlOf(await clients.esimies!.get('/reviews')))[0]!;
    expect((await clients.esimies!.get(`/decisions/${first.id}/review`)).status).toBe(200);
  });
});

describe('the count in the navigation', () => {
  it('is the length of the queue, for each manager, and follows a review', async () => {
    for (const username of ['esimies', 'johtaja']) {
      const html = await htmlOf(await clients[username]!.get('/'));
      expect(navCount(html), username).toBe(expectedQueue(username).length);
      expect(visibleText(html)).toContain(`(${expectedQueue(username).length} tarkastettavaa)`);
    }
    const before = expectedQueue('esimies').length;
    expect((await postReview(server, clients.esimies!, created['in 8 days']!, 'approve')).status).toBe(302);
    expect(navCount(await htmlOf(await clients.esimies!.get('/decisions/all')))).toBe(before - 1);
  });

  it('is not shown to those who are not managers', async () => {
    for (const username of ['valmistelija', 'elinvoima', 'paakayttaja']) {
      const html = await htmlOf(await clients[username]!.get('/'));
      expect(html, username).not.toContain('href="/reviews"');
      expect(navCount(html), username).toBeNull();
    }
  });
});

describe('who may open the queue', () => {
  it.each(['valmistelija', 'tekninen', 'perusturva', 'elinvoima', 'paakayttaja'])('%s gets 403', async (username) => {
    const res = await clients[username]!.get('/reviews');
    expect(res.status).toBe(403);
    expect(await htmlOf(res)).not.toContain('Jono: ');
  });
});

describe('a long queue', () => {
  it('comes 20 to a page, nearest meeting first, every submitted assessment on exactly one page', async () => {
    // Enough submissions for a second page (a long queue opens as fast as a short one).
    for (let i = 0; i < 18; i++) {
      await draftIn(
        server,
        'submitted',
        clients.valmistelija!,
        clients.esimies!,
        draftFields(org, { title: `Jono: pitkä ${i}`, meetingDate: finnishDate(plusDays(today, 40 + i)) }),
      );
    }
    const expected = expectedQueue('esimies').map((e) => e.id);
    expect(expected.length).toBeGreaterThan(20);
    const first = await htmlOf(await clients.esimies!.get('/reviews'));
    const second = await htmlOf(await clients.esimies!.get('/reviews?page=2'));
    expect(queueRows(first).map((r) => r.id)).toEqual(expected.slice(0, 20));
    expect(queueRows(second).map((r) => r.id)).toEqual(expected.slice(20, 40));
    expect(visibleText(first)).toContain(`1–20 / ${expected.length}`);
    expect(first).toContain('href="/reviews?page=2"');
    expect(second).toContain('href="/reviews?page=1"');
    // A page past the end shows the last one; the count in the navigation is the whole queue.
    expect(queueRows(await htmlOf(await clients.esimies!.get('/reviews?page=99'))).map((r) => r.id)).toEqual(expected.slice(20, 40));
    expect(navCount(first)).toBe(expected.length);
  });
});
