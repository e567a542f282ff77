import { describe, expect, it } from 'vitest';
import { NOTICES, noticeOf, withNotice } from '~/utils/notice';

/* The one notice after a redirect: ?notice=<name>[&id=<n>] (ADR 019). */

const SITE = 'https://linssi.example';
const noticeAt = (address: string) => noticeOf(new Request(`${SITE}${address}`));

describe('withNotice', () => {
  it('adds the notice to the path', () => {
    expect(withNotice('/decisions/12', 'saved')).toBe('/decisions/12?notice=saved');
  });

  it('adds the id after the notice', () => {
    expect(withNotice('/admin/organisation', 'body.created', { id: 34 })).toBe('/admin/organisation?notice=body.created&id=34');
  });

  it('ends with the fragment to scroll to', () => {
    expect(withNotice('/admin/strategy/3', 'strategySaved', { hash: 'principle-7' })).toBe('/admin/strategy/3?notice=strategySaved#principle-7');
    expect(withNotice('/admin/organisation', 'department.renamed', { id: 5, hash: 'departments' })).toBe(
      '/admin/organisation?notice=department.renamed&id=5#departments',
    );
  });

  it('leaves out an empty fragment', () => {
    expect(withNotice('/password', 'passwordChanged', { hash: '' })).toBe('/password?notice=passwordChanged');
  });
});

describe('noticeOf', () => {
  it('finds a known notice with its message key and no id', () => {
    expect(noticeAt('/decisions/12?notice=saved')).toEqual({ name: 'saved', key: 'decision.noticeSaved', id: null });
  });

  it('finds a dotted notice with its id', () => {
    expect(noticeAt('/admin/organisation?notice=body.created&id=34')).toEqual({ name: 'body.created', key: 'organisation.body.created', id: 34 });
  });

  it('reads a URL as well as a Request', () => {
    expect(noticeOf(new URL(`${SITE}/password?notice=passwordChanged`))).toEqual({ name: 'passwordChanged', key: 'people.passwordChanged', id: null });
  });

  it('reads back what withNotice wrote, for every notice', () => {
    for (const name of Object.keys(NOTICES) as (keyof typeof NOTICES)[]) {
      expect(noticeAt(withNotice('/x', name, { id: 9, hash: 'h' }))).toEqual({ name, key: NOTICES[name], id: 9 });
    }
  });

  it('is null without a notice or with an empty one', () => {
    expect(noticeAt('/decisions')).toBeNull();
    expect(noticeAt('/decisions?notice=')).toBeNull();
    expect(noticeAt('/decisions?id=3')).toBeNull();
  });

  it('is null for a name not in NOTICES: unknown, a message key itself, another case', () => {
    expect(noticeAt('/decisions?notice=deleted')).toBeNull();
    expect(noticeAt('/decisions?notice=decision.noticeSaved')).toBeNull();
    expect(noticeAt('/decisions?notice=Saved')).toBeNull();
    expect(noticeAt('/decisions?notice=%3Cb%3Ehi%3C%2Fb%3E')).toBeNull();
  });

  it("is null for the names every object inherits (its prototype's, not NOTICES' own)", () => {
    for (const name of ['__proto__', 'toString', 'constructor', 'hasOwnProperty', 'valueOf']) {
      expect(noticeAt(`/decisions?notice=${name}`), name).toBeNull();
    }
  });

  it('gives no id (null) for an id that is not one', () => {
    for (const id of ['', '-1', '1.5', 'abc', '1234567890', '%201']) {
      expect(noticeAt(`/decisions?notice=saved&id=${id}`), id).toEqual({ name: 'saved', key: 'decision.noticeSaved', id: null });
    }
  });
});
