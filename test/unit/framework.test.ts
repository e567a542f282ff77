import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loginSchema } from '~/domain/login-form';
import { linkedPrinciples, scoredPrinciples, type FrameworkVersion, frameworkFileSchema } from '~/domain/framework';
import { fieldErrorsOf } from '~/domain/validation';

const seedFile = path.join(import.meta.dirname, '..', '..', 'db', 'data', 'vesanto-strategy-2018.json');

describe('strategyFileSchema', () => {
  it('reads the Vesanto strategy: 4 vision elements and 3 principles scored, 5 projects linked', () => {
    const strategy = frameworkFileSchema.parse(JSON.parse(fs.readFileSync(seedFile, 'utf8')));
    expect(strategy.framework.key).toBe('vesanto-2018');
    expect(strategy.framework.approvedOn).toBe('2018-06-18');
    expect(strategy.dimensions.map((d) => [d.key, d.kind, d.principles.length])).toEqual([
      ['visio', 'scored', 4],
      ['toimintatapa', 'scored', 3],
      ['strategiaprojektit', 'linked', 5],
    ]);
  });

  const dimension = () => ({ key: 'visio', name: 'Visio', kind: 'scored', principles: [{ key: 'avoin', title: 'Avoin' }] });
  const minimal = (d = dimension()) => ({
    framework: { key: 'kunta-2026', name: 'Kuntastrategia 2026', validFrom: '2026-01-01' },
    dimensions: [d],
  });

  it('fills the defaults of a minimal strategy', () => {
    const [dimension] = frameworkFileSchema.parse(minimal()).dimensions;
    expect(dimension?.evaluationQuestions).toEqual([]);
    expect(dimension?.principles[0]).toEqual({ key: 'avoin', title: 'Avoin', description: '', guidingQuestions: [] });
  });

  it.each(['Avoin', 'avoin periaate', '-avoin', 'ä', ''])('rejects the key %j', (key) => {
    const input = minimal({ ...dimension(), principles: [{ key, title: 'Avoin' }] });
    expect(frameworkFileSchema.safeParse(input).success).toBe(false);
  });

  it('rejects a dimension that is neither scored nor linked', () => {
    const input = minimal({ ...dimension(), kind: 'weighted' });
    expect(frameworkFileSchema.safeParse(input).success).toBe(false);
  });

  it('rejects a dimension without principles and a strategy without dimensions', () => {
    const noPrinciples = minimal({ ...dimension(), principles: [] });
    expect(frameworkFileSchema.safeParse(noPrinciples).success).toBe(false);
    expect(frameworkFileSchema.safeParse({ ...minimal(), dimensions: [] }).success).toBe(false);
  });

  it('rejects a date that is not yyyy-mm-dd', () => {
    const input = minimal();
    input.framework.validFrom = '1.1.2026';
    expect(frameworkFileSchema.safeParse(input).success).toBe(false);
  });
});

describe('scoredPrinciples and linkedPrinciples', () => {
  const principle = (id: number, key: string) => ({ id, key, title: key, description: '', guidingQuestions: [], scope: null });
  const version: FrameworkVersion = {
    id: 1,
    key: 'v',
    name: 'V',
    approvedBy: null,
    approvedOn: null,
    validFrom: '2026-01-01',
    validTo: null,
    dimensions: [
      { id: 1, key: 'visio', name: 'Visio', question: null, kind: 'scored', principles: [principle(1, 'a'), principle(2, 'b')] },
      { id: 2, key: 'projektit', name: 'Projektit', question: null, kind: 'linked', principles: [principle(3, 'p')] },
      { id: 3, key: 'toimintatapa', name: 'Toimintatapa', question: null, kind: 'scored', principles: [principle(4, 'c')] },
    ],
  };

  it('lists the scored principles in order across dimensions', () => {
    expect(scoredPrinciples(version).map((p) => p.key)).toEqual(['a', 'b', 'c']);
  });

  it('lists the linked projects', () => {
    expect(linkedPrinciples(version).map((p) => p.key)).toEqual(['p']);
  });
});

describe('loginSchema', () => {
  it('requires both fields and trims the username only', () => {
    expect(loginSchema.parse({ username: ' maija ', password: ' salasana ' })).toEqual({
      username: 'maija',
      password: ' salasana ',
    });
    const result = loginSchema.safeParse({ username: '  ', password: '' });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(fieldErrorsOf(result.error)).toEqual({ username: { code: 'required' }, password: { code: 'required' } });
  });

  it('limits the lengths', () => {
    const result = loginSchema.safeParse({ username: 'u'.repeat(65), password: 'p'.repeat(257) });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(fieldErrorsOf(result.error)).toEqual({
      username: { code: 'tooLong', params: { max: 64 } },
      password: { code: 'tooLong', params: { max: 256 } },
    });
  });
});
