/**
 * A small request/response channel over Node's IPC between the bench and its child processes
 * (servers and bot processes). The child calls `serve(handlers, info)`; the parent calls
 * `spawnChild(...)` and then `proc.call(cmd, args)`. A child exits when its parent goes away.
 */
import { fork, type ChildProcess } from 'node:child_process';

type Msg = { id: number; cmd: string; args: unknown } | { ready: unknown } | { id: number; ok: boolean; r?: unknown; err?: string };
export type Handlers = Record<string, (args: never) => unknown>;

export function serve(handlers: Handlers, info: unknown = {}): void {
  process.on('message', (m: Msg) => {
    if (!('cmd' in m)) return;
    const h = handlers[m.cmd] as ((a: unknown) => unknown) | undefined;
    Promise.resolve()
      .then(() => {
        if (!h) throw new Error(`unknown command ${m.cmd}`);
        return h(m.args);
      })
      .then(
        (r) => process.send?.({ id: m.id, ok: true, r }),
        (e: unknown) => process.send?.({ id: m.id, ok: false, err: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
      );
  });
  process.on('disconnect', () => process.exit(0));
  process.send?.({ ready: info });
}

export class Proc {
  private next = 1;
  private waiting = new Map<number, { resolve: (r: unknown) => void; reject: (e: Error) => void }>();
  constructor(
    readonly name: string,
    readonly child: ChildProcess,
    readonly info: Record<string, unknown>,
  ) {
    child.on('message', (m: Msg) => {
      if (!('id' in m) || 'cmd' in m) return;
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if (m.ok) w.resolve(m.r);
      else w.reject(new Error(`${name}: ${m.err}`));
    });
    child.on('exit', (code) => {
      for (const w of this.waiting.values()) w.reject(new Error(`${name} exited (${code})`));
      this.waiting.clear();
    });
  }

  call<T = unknown>(cmd: string, args: unknown = {}, timeoutMs = 120_000): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`${this.name}: ${cmd} took over ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(id, {
        resolve: (r) => (clearTimeout(timer), resolve(r as T)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      this.child.send({ id, cmd, args });
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const gone = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGTERM');
    const t = setTimeout(() => this.child.kill('SIGKILL'), 3000);
    await gone;
    clearTimeout(t);
  }
}

/**
 * Forks `script` and waits for its `serve` to say it is ready: a .ts script through tsx (the bots), a .js one
 * with plain node (the servers, compiled: bench/server-runtime.ts).
 */
export function spawnChild(name: string, script: string, args: string[], opts: { env?: NodeJS.ProcessEnv; execArgv?: string[] } = {}): Promise<Proc> {
  const child = fork(script, args, {
    execArgv: [...(script.endsWith('.ts') ? ['--import', 'tsx'] : []), ...(opts.execArgv ?? [])],
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (child.kill('SIGKILL'), reject(new Error(`${name} did not start`))), 30_000);
    child.once('exit', (code) => (clearTimeout(timer), reject(new Error(`${name} exited during start (${code})`))));
    child.on('message', function first(m: Msg) {
      if (!('ready' in m)) return;
      clearTimeout(timer);
      child.off('message', first);
      child.removeAllListeners('exit');
      resolve(new Proc(name, child, m.ready as Record<string, unknown>));
    });
  });
}
