import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, fieldErrorsOf, text } from '~/domain/validation';

function errorsOf(schema: z.ZodType, input: unknown) {
  const result = schema.safeParse(input);
  if (result.success) throw new Error('expected the input to be rejected');
  return fieldErrorsOf(result.error);
}

describe('fieldErrorsOf', () => {
  it('keys the errors by the path joined by dots', () => {
    const schema = z.object({ a: z.object({ b: z.array(z.string().min(1, 'required')) }) });
    expect(errorsOf(schema, { a: { b: ['ok', ''] } })).toEqual({ 'a.b.1': { code: 'required' } });
  });

  it('keeps only the first problem of each field', () => {
    const schema = z.object({
      name: z
        .string()
        .min(1, 'required')
        .refine((v) => v.length > 3, 'invalidCaseNumber'),
    });
    const result = schema.safeParse({ name: '' });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(fieldErrorsOf(result.error)).toEqual({ name: { code: 'required' } });
  });

  it('turns a too long text into tooLong with the maximum', () => {
    expect(errorsOf(z.object({ t: z.string().max(5) }), { t: 'abcdef' })).toEqual({
      t: { code: 'tooLong', params: { max: 5 } },
    });
  });

  it('passes a known error code through', () => {
    expect(errorsOf(z.object({ d: z.string().refine(() => false, 'invalidDate') }), { d: 'x' })).toEqual({
      d: { code: 'invalidDate' },
    });
  });

  it('turns a wrong choice into invalidChoice', () => {
    expect(errorsOf(z.object({ c: z.enum(['a', 'b']) }), { c: 'z' })).toEqual({ c: { code: 'invalidChoice' } });
    expect(errorsOf(z.object({ c: z.string().regex(/^\d+$/) }), { c: 'z' })).toEqual({ c: { code: 'invalidChoice' } });
  });

  it('falls back to required for anything else', () => {
    expect(errorsOf(z.object({ n: z.string() }), {})).toEqual({ n: { code: 'required' } });
    expect(errorsOf(z.object({ n: z.string().refine(() => false, 'Some English text') }), { n: 'x' })).toEqual({
      n: { code: 'required' },
    });
  });

  it('names a problem of the whole input by the empty name', () => {
    expect(errorsOf(z.string().min(1, 'required'), '')).toEqual({ '': { code: 'required' } });
  });

  it('has unique error codes', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
  });
});

describe('text', () => {
  it('reads a text field', () => {
    const form = new FormData();
    form.set('title', ' Otsikko ');
    expect(text(form, 'title')).toBe(' Otsikko ');
  });

  it('reads a missing field as empty', () => {
    expect(text(new FormData(), 'title')).toBe('');
  });

  it('reads a file as empty', () => {
    const form = new FormData();
    form.set('title', new Blob(['sisältö']), 'a.txt');
    expect(text(form, 'title')).toBe('');
  });

  it('reads the first of repeated fields', () => {
    const form = new FormData();
    form.append('title', 'eka');
    form.append('title', 'toka');
    expect(text(form, 'title')).toBe('eka');
  });
});
