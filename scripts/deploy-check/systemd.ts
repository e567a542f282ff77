/** The systemd unit block: its sections and keys, and `systemd-analyze verify` where the tool exists. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { check, notChecked } from './report';

export interface Unit {
  sections: Record<string, Record<string, string>>;
  text: string;
}

export function parseUnit(text: string): Unit {
  const sections: Record<string, Record<string, string>> = {};
  let current: Record<string, string> | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const section = /^\[(\w+)\]$/.exec(line);
    if (section) {
      current = sections[section[1]!] ??= {};
      continue;
    }
    const kv = /^(\w+)=(.*)$/.exec(line);
    if (kv && current) current[kv[1]!] = kv[2]!;
  }
  return { sections, text };
}

export function systemdVerify(unitText: string, dir: string) {
  const analyze = spawnSync('sh', ['-c', 'command -v systemd-analyze'], { encoding: 'utf8' }).stdout.trim();
  if (!analyze) {
    notChecked('[systemd-unit] systemd-analyze verify', 'systemd-analyze is not installed');
    return;
  }
  const unitDir = path.join(dir, 'systemd');
  fs.mkdirSync(unitDir, { recursive: true });
  const file = path.join(unitDir, 'linssi.service');
  fs.writeFileSync(file, unitText);
  const r = spawnSync(analyze, ['verify', file], { encoding: 'utf8' });
  const output = `${r.stdout}${r.stderr}`.trim();
  check(r.status === 0 && output === '', '[systemd-unit] systemd-analyze verify: no errors or warnings', output);
}
