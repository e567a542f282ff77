import { describe, expect, it } from 'vitest';
import { jsonErrorPosition, lineAndColumn } from '~/domain/json-position';
import { parseFrameworkText } from '~/domain/framework';

/** Whether JSON.parse, the reference, accepts the text. */
const valid = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

describe('jsonErrorPosition', () => {
  const good = ['{}', '[]', ' {"a": [1, -2.5e3, true, false, null, "x\\n\\u00e4"]} ', '"s"', '0', '[{"a":{"b":[[]]}}]'];
  it.each(good)('finds nothing wrong in %s (as JSON.parse)', (text) => {
    expect(valid(text)).toBe(true);
    expect(jsonErrorPosition(text)).toBeNull();
  });

  const bad: Array<[string, number]> = [
    ['[1,]', 3],
    ['{"a":}', 5],
    ['{"a": 1,}', 8],
    ['{"a" 1}', 5],
    ["{'a': 1}", 1],
    ['[1 2]', 3],
    ['{"a": tru}', 9],
    ['{"a": 01}', 7],
    ['{"a": "x', 8],
    ['', 0],
    ['{} x', 3],
    ['{"a": "tab\there"}', 10],
  ];
  it.each(bad)('points at the first wrong character of %j (index %i), which JSON.parse refuses too', (text, at) => {
    expect(valid(text)).toBe(false);
    expect(jsonErrorPosition(text)).toBe(at);
  });

  it('agrees with JSON.parse on every prefix of a real file', () => {
    const text = JSON.stringify(
      { framework: { key: 'k', name: 'Ä "x"', validFrom: '2030-01-01' }, dimensions: [{ key: 'v', principles: [1, 2.5, true, null] }] },
      null,
      2,
    );
    for (let n = 0; n <= text.length; n++) {
      const prefix = text.slice(0, n);
      expect(jsonErrorPosition(prefix) === null, `prefix of ${n}`).toBe(valid(prefix));
    }
  });

  it('stops at a nesting no strategy file has, instead of overflowing the stack', () => {
    expect(jsonErrorPosition('['.repeat(100_000))).toBe(1001);
  });
});

describe('lineAndColumn', () => {
  it('counts from 1, and a column after the line break starts again', () => {
    expect(lineAndColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineAndColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});

describe('a strategy file with a syntax error', () => {
  it('names the line and column where Node 20 gives no position at all', () => {
    const text = '{\n  "framework": {"key": "k"},\n  "dimensions": [1,]\n}';
    const result = parseFrameworkText(text);
    expect(result).toEqual({ ok: false, problems: [{ code: 'jsonSyntax', line: 3, column: 20 }] });
    expect(text.split('\n')[2]![19]).toBe(']');
  });
});
