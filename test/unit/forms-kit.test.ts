import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { badRequest, checkForm, intentOf, invalid, isBodyTooLarge, isMultipart, parseForm, readForm, readUpload, valuesOf } from '~/utils/form.server';

/*
 * The forms kit every action goes through (ADR 008, ADR 018): real Node Request, FormData and
 * Response objects, a real zod schema, nothing mocked.
 */

const URL_OF_FORM = 'https://linssi.example/decisions/1/edit';

const post = (body: BodyInit, headers?: HeadersInit) => new Request(URL_OF_FORM, { method: 'POST', body, headers });

/** Runs `fn` and returns what it threw (a test fails when it throws nothing). */
async function thrownBy(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

async function expectResponse(thrown: unknown, status: number, body: string) {
  expect(thrown).toBeInstanceOf(Response);
  const response = thrown as Response;
  expect(response.status).toBe(status);
  expect(await response.text()).toBe(body);
}

const formOf = (entries: [string, string | Blob][]) => {
  const form = new FormData();
  for (const [name, value] of entries) form.append(name, value);
  return form;
};

describe('readForm', () => {
  it('reads a urlencoded body', async () => {
    const form = await readForm(
      post(
        new URLSearchParams([
          ['title', 'Uusi koulu'],
          ['tag', 'a'],
          ['tag', 'b'],
        ]),
      ),
    );
    expect(form.get('title')).toBe('Uusi koulu');
    expect(form.getAll('tag')).toEqual(['a', 'b']);
  });

  it('reads a multipart body too', async () => {
    const form = await readForm(post(formOf([['title', 'x']])));
    expect(form.get('title')).toBe('x');
  });

  it('answers a body that is not a form with a thrown 400', async () => {
    await expectResponse(await thrownBy(() => readForm(post('{"title":"x"}', { 'Content-Type': 'application/json' }))), 400, 'Bad Request: not a form');
  });

  it('answers a multipart body without its boundary with a thrown 400', async () => {
    await expectResponse(await thrownBy(() => readForm(post('--x\r\n', { 'Content-Type': 'multipart/form-data' }))), 400, 'Bad Request: not a form');
  });

  it('ends with 413 when the body was stopped at its limit while it was read', async () => {
    const stopped = Object.assign(new Error('limit'), { name: 'BodyTooLargeError' });
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('a=1'));
        controller.error(stopped);
      },
    });
    const request = new Request(URL_OF_FORM, {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      duplex: 'half',
    } as RequestInit);
    await expectResponse(await thrownBy(() => readForm(request)), 413, 'Payload Too Large');
  });
});

describe('isBodyTooLarge', () => {
  const tooLarge = () => Object.assign(new Error('limit'), { name: 'BodyTooLargeError' });

  it('finds the limit error itself or in its causes', () => {
    expect(isBodyTooLarge(tooLarge())).toBe(true);
    expect(isBodyTooLarge(new TypeError('wrapped', { cause: new Error('again', { cause: tooLarge() }) }))).toBe(true);
  });

  it('is false for other errors and for what is not an error', () => {
    expect(isBodyTooLarge(new TypeError('fetch failed'))).toBe(false);
    expect(isBodyTooLarge({ name: 'BodyTooLargeError' })).toBe(false);
    expect(isBodyTooLarge(undefined)).toBe(false);
  });
});

describe('badRequest', () => {
  it('is a 400 with the reason in its body', async () => {
    await expectResponse(badRequest('unknown intent'), 400, 'Bad Request: unknown intent');
  });

  it('is a plain 400 without a reason', async () => {
    await expectResponse(badRequest(), 400, 'Bad Request');
  });
});

describe('intentOf', () => {
  const KNOWN = ['save', 'submit'] as const;

  it('returns a known intent', () => {
    expect(intentOf(formOf([['intent', 'submit']]), KNOWN)).toBe('submit');
  });

  it('answers an unknown intent with a thrown 400', async () => {
    await expectResponse(await thrownBy(() => intentOf(formOf([['intent', 'delete']]), KNOWN)), 400, 'Bad Request: unknown intent');
  });

  it('does not trim or fold case: a near miss is unknown', async () => {
    for (const near of [' save', 'Save', 'save\n']) {
      expect((await thrownBy(() => intentOf(formOf([['intent', near]]), KNOWN))) as Response).toHaveProperty('status', 400);
    }
  });

  it('names a missing or empty intent as the form says (its default button)', () => {
    expect(intentOf(new FormData(), KNOWN, 'save')).toBe('save');
    expect(intentOf(formOf([['intent', '']]), KNOWN, 'save')).toBe('save');
  });

  it('answers a missing intent with a thrown 400 when the form names no default', async () => {
    await expectResponse(await thrownBy(() => intentOf(new FormData(), KNOWN)), 400, 'Bad Request: unknown intent');
  });

  it('reads a file sent as the intent as no intent', async () => {
    const form = formOf([['intent', new File(['save'], 'intent.txt')]]);
    expect((await thrownBy(() => intentOf(form, KNOWN))) as Response).toHaveProperty('status', 400);
  });
});

describe('isMultipart', () => {
  it('is true for a body built from FormData (multipart with its boundary)', () => {
    expect(isMultipart(post(formOf([['a', '1']])))).toBe(true);
  });

  it('reads the media type without regard to case', () => {
    expect(isMultipart(post('x', { 'Content-Type': 'Multipart/Form-Data; boundary=b' }))).toBe(true);
  });

  it('is false for a urlencoded body, another type and none', () => {
    expect(isMultipart(post(new URLSearchParams({ a: '1' })))).toBe(false);
    expect(isMultipart(post('{}', { 'Content-Type': 'application/json' }))).toBe(false);
    expect(isMultipart(new Request(URL_OF_FORM))).toBe(false);
  });
});

describe('readUpload', () => {
  const CSV = 'key;name\nA1;Yksi\n';
  const upload = (entries: [string, string | Blob][]) => post(formOf(entries));

  it('returns the chosen file and the named fields', async () => {
    const result = await readUpload(
      upload([
        ['file', new File([CSV], 'strategy.csv', { type: 'text/csv' })],
        ['name', 'Uusi'],
      ]),
      {
        file: 'file',
        maxBytes: 1000,
        fields: ['name'],
      },
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.file).toBeInstanceOf(File);
    expect(result.file?.name).toBe('strategy.csv');
    expect(result.file?.type).toBe('text/csv');
    expect(await result.file?.text()).toBe(CSV);
    expect(result.form.get('name')).toBe('Uusi');
  });

  it('drops the parts outside `file` and `fields`', async () => {
    const result = await readUpload(
      upload([
        ['file', new File(['x'], 'a.csv')],
        ['name', 'kept'],
        ['role', 'admin'],
        ['other', new File(['y'], 'b.csv')],
      ]),
      { file: 'file', maxBytes: 1000, fields: ['name'] },
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect([...new Set(result.form.keys())].sort()).toEqual(['file', 'name']);
  });

  it('keeps no field at all when it names none', async () => {
    const result = await readUpload(
      upload([
        ['file', new File(['x'], 'a.csv')],
        ['name', 'dropped'],
      ]),
      { file: 'file', maxBytes: 1000 },
    );
    expect(result.ok && [...result.form.keys()]).toEqual(['file']);
  });

  it('gives no file (null) for an empty file, a file input left empty or none sent', async () => {
    const options = { file: 'file', maxBytes: 1000 };
    expect(await readUpload(upload([['file', new File([], 'empty.csv')]]), options)).toMatchObject({ ok: true, file: null });
    // What a browser sends for a file input nothing was chosen in: an empty part with an empty file name.
    expect(await readUpload(upload([['file', new File([], '', { type: 'application/octet-stream' })]]), options)).toMatchObject({ ok: true, file: null });
    expect(await readUpload(upload([['name', 'x']]), options)).toMatchObject({ ok: true, file: null });
  });

  it('takes a file of exactly maxBytes and refuses one byte more as tooLarge', async () => {
    const options = { file: 'file', maxBytes: 64 };
    const exact = await readUpload(upload([['file', new File(['a'.repeat(64)], 'a.csv')]]), options);
    expect(exact.ok && exact.file?.size).toBe(64);
    expect(await readUpload(upload([['file', new File(['a'.repeat(65)], 'a.csv')]]), options)).toEqual({ ok: false, problem: 'tooLarge' });
  });

  it('refuses a multi-byte text over maxBytes by its bytes, not its characters', async () => {
    // 40 × 'ä' is 40 characters but 80 bytes in UTF-8.
    expect(await readUpload(upload([['file', new File(['ä'.repeat(40)], 'a.csv')]]), { file: 'file', maxBytes: 64 })).toEqual({
      ok: false,
      problem: 'tooLarge',
    });
  });

  it('answers a body that is not multipart as invalid', async () => {
    const options = { file: 'file', maxBytes: 1000 };
    expect(await readUpload(post(new URLSearchParams({ file: 'x' })), options)).toEqual({ ok: false, problem: 'invalid' });
    expect(await readUpload(post('{}', { 'Content-Type': 'application/json' }), options)).toEqual({ ok: false, problem: 'invalid' });
    expect(await readUpload(post('x', { 'Content-Type': 'multipart/form-data' }), options)).toEqual({ ok: false, problem: 'invalid' });
  });
});

describe('valuesOf', () => {
  it('gives a field sent once as text and a field sent several times as a list, in order', () => {
    const form = formOf([
      ['title', 'Koulu'],
      ['tag', 'b'],
      ['tag', 'a'],
      ['empty', ''],
    ]);
    expect(valuesOf(form)).toEqual({ title: 'Koulu', tag: ['b', 'a'], empty: '' });
  });

  it('makes line breaks LF and drops control characters other than tab and newline, in each value of a list too', () => {
    const form = formOf([
      ['text', 'one\r\ntwo\rthree\nfour'],
      ['tab', 'a\tb\u0000c\u0007d\u001be\u007f'],
      ['many', 'x\r\ny'],
      ['many', 'z\r'],
    ]);
    expect(valuesOf(form)).toEqual({ text: 'one\ntwo\nthree\nfour', tab: 'a\tbcde', many: ['x\ny', 'z\n'] });
  });

  it('leaves files out, and keeps the text values of a name that has both', () => {
    const form = formOf([
      ['file', new File(['x'], 'a.csv')],
      ['mixed', new File(['y'], 'b.csv')],
      ['mixed', 'text'],
    ]);
    expect(valuesOf(form)).toEqual({ mixed: 'text' });
  });

  it('is an empty object for an empty form', () => {
    expect(valuesOf(new FormData())).toEqual({});
  });
});

describe('checkForm and parseForm', () => {
  const schema = z.object({
    title: z.string().trim().min(1, 'required').max(10),
    kind: z.enum(['new', 'change']),
  });

  it('gives the parsed data with what was typed', () => {
    const form = formOf([
      ['title', '  Koulu  '],
      ['kind', 'new'],
    ]);
    const result = checkForm(form, schema);
    expect(result).toMatchObject({ ok: true, data: { title: 'Koulu', kind: 'new' }, values: { title: '  Koulu  ', kind: 'new' } });
    expect(result.form).toBe(form);
  });

  it('counts a CR LF as one character against the maximum, as the browser does', () => {
    // 11 characters as sent, 10 as typed.
    const result = checkForm(
      formOf([
        ['title', 'abcd\r\nfghij'],
        ['kind', 'new'],
      ]),
      schema,
    );
    expect(result).toMatchObject({ ok: true, data: { title: 'abcd\nfghij' } });
  });

  it('refuses with the codes of the codebase, keyed by field name, and keeps what was typed', () => {
    const typed = 'x'.repeat(11);
    const result = checkForm(
      formOf([
        ['title', typed],
        ['kind', 'other'],
        ['extra', 'kept too'],
      ]),
      schema,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual({ title: { code: 'tooLong', params: { max: 10 } }, kind: { code: 'invalidChoice' } });
    expect(result.values).toEqual({ title: typed, kind: 'other', extra: 'kept too' });
  });

  it('says required for an empty text (the schema code) and for a missing one (zod: invalid type), invalidChoice for no choice', () => {
    const empty = checkForm(formOf([['title', '   ']]), schema);
    expect(empty).toMatchObject({ ok: false, errors: { title: { code: 'required' }, kind: { code: 'invalidChoice' } }, values: { title: '   ' } });
    const missing = checkForm(formOf([['kind', 'new']]), schema);
    expect(missing).toMatchObject({ ok: false, errors: { title: { code: 'required' } }, values: { kind: 'new' } });
    expect(missing.ok || Object.keys(missing.errors)).toEqual(['title']);
  });

  it('reads the values with the reader it is given', () => {
    const read = (form: FormData) => ({ title: String(form.get('t')), kind: 'change' });
    expect(checkForm(formOf([['t', 'Tie']]), schema, read)).toMatchObject({
      ok: true,
      data: { title: 'Tie', kind: 'change' },
      values: { title: 'Tie', kind: 'change' },
    });
  });

  it('parseForm reads the request first, then checks it the same way', async () => {
    const ok = await parseForm(post(new URLSearchParams({ title: 'Koulu', kind: 'change' })), schema);
    expect(ok).toMatchObject({ ok: true, data: { title: 'Koulu', kind: 'change' } });
    const refused = await parseForm(post(new URLSearchParams({ title: '', kind: 'new' })), schema);
    expect(refused).toMatchObject({ ok: false, errors: { title: { code: 'required' } }, values: { title: '', kind: 'new' } });
  });

  it('parseForm answers a body that is not a form with a thrown 400', async () => {
    await expectResponse(await thrownBy(() => parseForm(post('{}', { 'Content-Type': 'application/json' }), schema)), 400, 'Bad Request: not a form');
  });
});

describe('invalid', () => {
  it('answers 400 with what was typed and the errors', () => {
    const values = { title: 'x'.repeat(11) };
    const errors = { title: { code: 'tooLong' as const, params: { max: 10 } } };
    const answer = invalid(values, errors);
    expect(answer.init?.status).toBe(400);
    expect(answer.data).toEqual({ values: { title: 'x'.repeat(11) }, errors: { title: { code: 'tooLong', params: { max: 10 } } } });
  });

  it('carries what else the page needs, and `extra` cannot replace the values or the errors', () => {
    const answer = invalid({ a: '1' }, { a: { code: 'required' } }, { form: 'rename', values: 'spoofed', errors: {} });
    expect(answer.init?.status).toBe(400);
    expect(answer.data).toEqual({ form: 'rename', values: { a: '1' }, errors: { a: { code: 'required' } } });
  });
});
