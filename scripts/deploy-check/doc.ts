/** The Markdown reader: the tagged fenced blocks of docs/deploy.md, a shell block's commands and an environment file block's lines. */
import fs from 'node:fs';
import { DOC } from './paths';
import { fail, ok } from './report';

interface Block {
  tag: string;
  lang: string;
  body: string;
  line: number;
}

/** The languages whose blocks must be tagged: every command and config block. */
const TAGGED_LANGS = new Set(['sh', 'bash', 'shell', 'ini', 'nginx', 'sql', 'crontab', 'conf', 'systemd']);

/** Every tag this check knows; each must occur once in the doc. */
const KNOWN_TAGS = [
  'install',
  'env-file-create',
  'env-one-machine',
  'setup-one-machine',
  'systemd-unit',
  'start-one-machine',
  'nginx-one-machine',
  'nginx-enable',
  'cron-sqlite',
  'restore-sqlite',
  'upgrade-one-machine',
  'pg-database',
  'postgresql-conf',
  'pg-hba',
  'env-several',
  'setup-several',
  'start-several',
  'nginx-balancer',
  'pgpass',
  'cron-postgres',
  'restore-postgres',
  'switch-postgres',
  'upgrade-several-first',
  'upgrade-several-others',
] as const;
export type Tag = (typeof KNOWN_TAGS)[number];

export const docText = fs.readFileSync(DOC, 'utf8');
export const blocks = new Map<string, Block>();

export function readBlocks() {
  const lines = docText.split('\n');
  let open: { lang: string; tag: string | null; line: number; body: string[] } | null = null;
  let problems = 0;
  lines.forEach((text, index) => {
    if (!open) {
      const m = /^```(\S*)\s*(.*)$/.exec(text);
      if (!m) return;
      const tag = /deploy-check:([\w-]+)/.exec(m[2] ?? '')?.[1] ?? null;
      open = { lang: m[1] ?? '', tag, line: index + 1, body: [] };
      return;
    }
    if (/^```\s*$/.test(text)) {
      const b = open;
      open = null;
      if (!b.tag) {
        if (TAGGED_LANGS.has(b.lang)) {
          problems++;
          fail(`docs/deploy.md:${b.line}: a \`${b.lang}\` block without a deploy-check:… tag`);
        }
        return;
      }
      if (!(KNOWN_TAGS as readonly string[]).includes(b.tag)) {
        problems++;
        fail(
          `docs/deploy.md:${b.line}: deploy-check:${b.tag} is not a block this check knows (add it to KNOWN_TAGS in scripts/deploy-check/doc.ts and a handler)`,
        );
        return;
      }
      if (blocks.has(b.tag)) {
        problems++;
        fail(`docs/deploy.md:${b.line}: deploy-check:${b.tag} occurs twice`);
        return;
      }
      blocks.set(b.tag, { tag: b.tag, lang: b.lang, body: `${b.body.join('\n')}\n`, line: b.line });
      return;
    }
    open.body.push(text);
  });
  const missing = KNOWN_TAGS.filter((t) => !blocks.has(t));
  for (const t of missing) {
    problems++;
    fail(`docs/deploy.md has no block deploy-check:${t}`);
  }
  if (problems === 0) ok(`docs/deploy.md: ${blocks.size} tagged blocks, every command and config block tagged, none missing`);
}

export function block(tag: Tag): Block {
  const b = blocks.get(tag);
  if (!b) throw new Error(`docs/deploy.md has no block deploy-check:${tag}`);
  return b;
}

/** The commands of a shell block: comment and blank lines dropped, `\` continuations joined. */
export function commandsOf(body: string): string[] {
  const out: string[] = [];
  let current = '';
  for (const raw of body.split('\n')) {
    const line = raw.trimEnd();
    if (!current && (line.trim() === '' || line.trim().startsWith('#'))) continue;
    if (line.endsWith('\\')) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    out.push((current + line).trim());
    current = '';
  }
  return out;
}

/** NAME=value lines of an environment file block. */
export function parseEnvFile(body: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of body.split('\n')) {
    const t = line.trim();
    if (!t || t.startsWith('#')) continue;
    const m = /^([A-Z_][A-Z0-9_]*)=(\S*)$/.exec(t);
    if (!m) throw new Error(`not a plain NAME=value line (systemd and the shell must both read it): ${t}`);
    env[m[1]!] = m[2]!;
  }
  return env;
}
