import fs from 'node:fs';

/**
 * The CPU time (user and system, in ms, to 10 ms) a process has used so far, read from
 * /proc/<pid>/stat; undefined where there is no /proc. A bound on what a request costs is a bound
 * on this, not on the wall clock: another test file's server on the same cores stretches the wall
 * clock, not the CPU time (vitest runs two integration files at a time).
 */
export function cpuMsOf(pid: number): number | undefined {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // After "pid (command) ": state, then utime and stime as the 12th and 13th fields, in clock
  // ticks of 1/100 s (USER_HZ, 100 on every Linux).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Runs work and measures it: its wall-clock time and the CPU time a process used meanwhile. */
export async function measured<T>(pid: number, work: () => Promise<T>): Promise<{ value: T; ms: number; cpuMs: number | undefined; endedAt: number }> {
  const cpuBefore = cpuMsOf(pid);
  const started = performance.now();
  const value = await work();
  const endedAt = performance.now();
  const cpuAfter = cpuMsOf(pid);
  return { value, ms: endedAt - started, cpuMs: cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore, endedAt };
}
