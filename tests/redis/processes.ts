/**
 * Server child processes for the Redis tests (tests/redis/server-process.ts):
 * start one on a port (or any), wait for it to listen, SIGKILL it, and kill
 * every one still running in afterAll. Every wait is bounded.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface ServerProcess {
  port: number;
  url: string;
  child: ChildProcess;
  /** stdout + stderr so far, for failure messages. */
  output(): string;
  /** SIGKILL; resolves once the process is gone. */
  kill(): Promise<void>;
  /** Sends `signal` (SIGTERM…); resolves with the exit code (or signal) once the process is gone. */
  signal(signal: NodeJS.Signals): Promise<number | string | null>;
}

export interface ProcessEnv {
  redisUrl: string;
  prefix: string;
  /** 0 (default): any free port. */
  port?: number;
  /**
   * 'test' (default): tests/redis/server-process.ts. 'main': the real entry point, server/main.ts, with
   * its settings from the environment and its graceful shutdown (close-with-grace).
   */
  entry?: 'test' | 'main';
  /** More environment variables (settings of server/config.ts). */
  env?: Record<string, string>;
}

const START_TIMEOUT_MS = 20_000;

export class Processes {
  private children = new Set<ChildProcess>();
  private readonly onExit = () => {
    for (const c of this.children) c.kill('SIGKILL');
  };

  constructor() {
    process.once('exit', this.onExit);
  }

  start(env: ProcessEnv): Promise<ServerProcess> {
    const main = env.entry === 'main';
    const child = spawn(process.execPath, ['--import', 'tsx', main ? 'server/main.ts' : 'tests/redis/server-process.ts'], {
      env: {
        ...process.env,
        PORT: String(env.port ?? 0),
        REDIS_URL: env.redisUrl,
        REDIS_PREFIX: env.prefix,
        DECKS_DIR: 'tests/fixtures/decks',
        ...(main && { HOST: '127.0.0.1', PUBLIC_URL: '', LOG_LEVEL: 'info' }),
        ...env.env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const listeningLine = main ? /Server listening at http:\/\/127\.0\.0\.1:(\d+)/ : /LISTENING (\d+)/;
    this.children.add(child);
    let out = '';
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    void exited.then(() => this.children.delete(child));
    child.stderr!.on('data', (d) => (out += d.toString()));
    const kill = async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    };
    const signal = async (sig: NodeJS.Signals) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(sig);
      await exited;
      return child.exitCode ?? child.signalCode;
    };
    return new Promise((resolve, reject) => {
      let listening = false;
      const fail = (why: string) => {
        clearTimeout(timer);
        void kill();
        reject(new Error(`server process ${why}:\n${out}`));
      };
      const onEarlyExit = (code: number | null, signal: string | null) => fail(`exited (${code ?? signal}) before listening`);
      const timer = setTimeout(() => fail(`did not listen within ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
      child.once('exit', onEarlyExit);
      child.stdout!.on('data', (d) => {
        out += d.toString();
        const m = listeningLine.exec(out);
        if (listening || !m) return;
        listening = true;
        clearTimeout(timer);
        child.off('exit', onEarlyExit);
        const port = Number(m[1]);
        resolve({ port, url: `http://127.0.0.1:${port}`, child, output: () => out, kill, signal });
      });
    });
  }

  /** SIGKILLs every process still running (afterAll, whatever happened). */
  async killAll(): Promise<void> {
    const all = [...this.children];
    await Promise.all(
      all.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) return resolve();
            const timer = setTimeout(resolve, 5000);
            c.once('exit', () => {
              clearTimeout(timer);
              resolve();
            });
            c.kill('SIGKILL');
          }),
      ),
    );
    process.off('exit', this.onExit);
  }
}
