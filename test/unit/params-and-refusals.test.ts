import { describe, expect, it } from 'vitest';
import { conflict, forbidden, notFound, refusal, requireId } from '~/utils/http.server';
import { parseId } from '~/utils/params';

/* The one id parameter (ID_PATTERN: 1 to 9 ASCII digits) and the one way to refuse (ADR 018). */

const ACCEPTED: [string, number][] = [
  ['1', 1],
  ['42', 42],
  ['007', 7],
  ['0', 0],
  ['999999999', 999_999_999],
  ['000000001', 1],
];

const REFUSED: (string | null | undefined)[] = [
  '',
  null,
  undefined,
  '-1',
  '+1',
  '1.5',
  '1e3',
  '0x1',
  ' 1',
  '1 ',
  '1\n',
  '\n1',
  'abc',
  '12a',
  '１', // a fullwidth digit
  '١', // an Arabic-Indic digit
  '1234567890', // ten digits
  '0000000001', // ten digits, even with the leading zeros
];

describe('parseId', () => {
  it.each(ACCEPTED)('reads %j as %d', (raw, id) => {
    expect(parseId(raw)).toBe(id);
  });

  it.each(REFUSED.map((raw) => [raw]))('reads %j as no id (null)', (raw) => {
    expect(parseId(raw)).toBeNull();
  });

  it('takes nine digits and refuses ten', () => {
    expect(parseId('9'.repeat(9))).toBe(999_999_999);
    expect(parseId('1'.repeat(10))).toBeNull();
  });
});

describe('requireId', () => {
  it.each(ACCEPTED)('gives %j as %d', (raw, id) => {
    expect(requireId(raw)).toBe(id);
  });

  it.each(REFUSED.map((raw) => [raw]))('answers %j with a thrown 404', async (raw) => {
    let thrown: unknown;
    try {
      requireId(raw);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(404);
    expect(await (thrown as Response).text()).toBe('Not Found');
  });
});

describe('refusals', () => {
  it.each([
    ['notFound', notFound, 404, 'Not Found'],
    ['forbidden', forbidden, 403, 'Forbidden'],
    ['conflict', conflict, 409, 'Conflict'],
  ] as const)('%s is a %d Response', async (_name, make, status, body) => {
    const response = make();
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(status);
    expect(await response.text()).toBe(body);
  });

  it('makes a new Response each time (a body can be read once)', () => {
    expect(notFound()).not.toBe(notFound());
  });

  it.each([
    ['not_found', 404],
    ['forbidden', 403],
    ['conflict', 409],
  ] as const)('refusal(%s) is %d', (reason, status) => {
    expect(refusal(reason).status).toBe(status);
  });
});
