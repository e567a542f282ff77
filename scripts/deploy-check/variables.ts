/** The environment variables the code reads, against the table of section 3 of the doc and the README's Configuration table. */
import fs from 'node:fs';
import path from 'node:path';
import { docText } from './doc';
import { ROOT } from './paths';
import { check } from './report';

function filesUnder(dir: string, exts: string[]): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full, exts));
    else if (exts.some((e) => entry.name.endsWith(e))) out.push(full);
  }
  return out;
}

export function codeVariables(): Set<string> {
  const vars = new Set<string>();
  const files = [...filesUnder(path.join(ROOT, 'app'), ['.ts', '.tsx']), ...filesUnder(path.join(ROOT, 'db'), ['.ts']), path.join(ROOT, 'server.js')];
  for (const file of files) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/process\.env\.([A-Z][A-Z0-9_]*)/g)) vars.add(m[1]!);
  }
  const schema = fs.readFileSync(path.join(ROOT, 'app', 'utils', 'env.server.ts'), 'utf8');
  const body = /const envSchema = z\.object\(\{([\s\S]*?)\n\}\);/.exec(schema)?.[1] ?? '';
  for (const m of body.matchAll(/^\s{2}([A-Z][A-Z0-9_]*):/gm)) vars.add(m[1]!);
  return vars;
}

/** The backticked names in the first column of the table under `heading` of a markdown text. */
function tableVariables(text: string, heading: RegExp): Set<string> {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => heading.test(l));
  const vars = new Set<string>();
  if (start < 0) return vars;
  for (const line of lines.slice(start + 1)) {
    if (/^#{1,3} /.test(line)) break;
    if (!line.startsWith('|')) continue;
    const first = line.split('|')[1] ?? '';
    for (const m of first.matchAll(/`([A-Z][A-Z0-9_]*)`/g)) vars.add(m[1]!);
  }
  return vars;
}

export function checkVariables(code: Set<string>) {
  const doc = tableVariables(docText, /^## 3\. Environment variables/);
  const readme = tableVariables(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8'), /^## Configuration/);
  const invented = [...doc].filter((v) => !code.has(v));
  check(
    doc.size > 0 && invented.length === 0,
    `section 3's table names only variables the code reads (${[...doc].join(', ')})`,
    `not read by the code: ${invented.join(', ')}`,
  );
  const undocumented = [...code].filter((v) => !doc.has(v));
  check(
    undocumented.length === 0,
    'every variable the app reads (process.env in app/, db/, server.js; the env schema) is in section 3',
    `missing from section 3: ${undocumented.join(', ')}`,
  );
  const notCopied = [...readme].filter((v) => !doc.has(v));
  check(readme.size > 0 && notCopied.length === 0, "every variable of the README's Configuration table is in section 3", `missing: ${notCopied.join(', ')}`);
}
