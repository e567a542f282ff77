/** The app server, started and stopped as the systemd unit says. */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import { parseEnvFile } from './doc';
import { type Unit } from './systemd';

export const live = new Set<AppServer>();

export class AppServer {
  output = '';
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private constructor(
    readonly name: string,
    readonly child: ChildProcess,
    readonly port: number,
  ) {
    child.stdout!.on('data', (d) => (this.output += d));
    child.stderr!.on('data', (d) => (this.output += d));
    this.exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Starts ExecStart of the unit in its WorkingDirectory with the environment file's variables only (as systemd would). */
  static async start(name: string, unit: Unit, envFile: string, port: number, extra: Record<string, string> = {}, drop: string[] = []): Promise<AppServer> {
    const service = unit.sections.Service ?? {};
    const [program, ...args] = (service.ExecStart ?? '').split(/\s+/);
    const bin = program && fs.existsSync(program) ? program : process.execPath;
    const env: Record<string, string> = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8' };
    for (const [k, v] of Object.entries(parseEnvFile(fs.readFileSync(envFile, 'utf8')))) if (!drop.includes(k)) env[k] = v;
    Object.assign(env, extra, { PORT: String(port) });
    const child = spawn(bin, args, { cwd: service.WorkingDirectory, env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    const server = new AppServer(name, child, port);
    live.add(server);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${name} did not start in 30 s:\n${server.output}`)), 30_000);
      const onData = () => {
        if (/listening on http:\/\/127\.0\.0\.1:\d+/.test(server.output)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout!.on('data', onData);
      void server.exit.then(({ code }) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited with ${code}:\n${server.output}`));
      });
    });
    return server;
  }

  /** SIGTERM by its own PID, as systemctl stop does; SIGKILL after 15 s (TimeoutStopSec). */
  async stop(): Promise<{ code: number | null; ms: number }> {
    const t0 = Date.now();
    if (this.child.exitCode === null && this.child.signalCode === null) {
      process.kill(this.child.pid!, 'SIGTERM');
      const timer = setTimeout(() => this.child.exitCode === null && process.kill(this.child.pid!, 'SIGKILL'), 15_000);
      await this.exit;
      clearTimeout(timer);
    }
    live.delete(this);
    return { code: (await this.exit).code, ms: Date.now() - t0 };
  }
}
