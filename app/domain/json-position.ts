/**
 * Where a JSON text first goes wrong, as an index into it (its length for an unexpected end),
 * or null when it is valid. JSON.parse says where only for some mistakes, and differently in
 * each Node version ("at position 12", or just "Unexpected token '}'"); a person fixing a file
 * needs the line and column every time, so this small reader of the JSON grammar finds it.
 */
export function jsonErrorPosition(text: string): number | null {
  let i = 0;
  const fail = (at: number): never => {
    throw new JsonPosition(at);
  };
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const literal = (word: string) => {
    for (const ch of word) {
      if (text[i] !== ch) fail(i);
      i++;
    }
  };
  const string = () => {
    i++; // the opening quote
    while (i < text.length) {
      const ch = text[i]!;
      if (ch === '"') {
        i++;
        return;
      }
      if (ch < ' ') fail(i);
      if (ch === '\\') {
        const next = text[i + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail(i);
          i += 6;
          continue;
        }
        if (next === undefined || !'"\\/bfnrt'.includes(next)) fail(i);
        i += 2;
        continue;
      }
      i++;
    }
    fail(i);
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match || match[0] === '' || match[0] === '-') fail(i);
    i += match![0].length;
  };
  // A strategy file nests a few levels; a thousand is a broken (or hostile) file, not a deep one.
  const value = (depth = 0): void => {
    space();
    if (depth > 1000) fail(i);
    const ch = text[i];
    if (ch === '{') {
      i++;
      space();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        space();
        if (text[i] !== '"') fail(i);
        string();
        space();
        if (text[i] !== ':') fail(i);
        i++;
        value(depth + 1);
        space();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail(i);
      }
    }
    if (ch === '[') {
      i++;
      space();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value(depth + 1);
        space();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail(i);
      }
    }
    if (ch === '"') return string();
    if (ch === 't') return literal('true');
    if (ch === 'f') return literal('false');
    if (ch === 'n') return literal('null');
    if (ch === '-' || (ch !== undefined && ch >= '0' && ch <= '9')) return number();
    fail(i);
  };
  try {
    value();
    space();
    return i < text.length ? i : null;
  } catch (error) {
    if (error instanceof JsonPosition) return error.at;
    throw error;
  }
}

class JsonPosition extends Error {
  constructor(readonly at: number) {
    super('JSON error');
  }
}

/** Line and column (from 1) of an index in a text. */
export function lineAndColumn(text: string, index: number): { line: number; column: number } {
  const lines = text.slice(0, index).split('\n');
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}
