/**
 * Redis's own CPU over a window (INFO cpu: used_cpu_user + used_cpu_sys, in seconds since it started),
 * read from the bench process. Redis shares the machine's cores with the server and the bots, so its
 * time per answer is part of what an answer costs; the bare + Lua server's window is read the same way.
 */
import { createClient } from 'redis';

export interface RedisCpu {
  /** Redis's CPU time so far, in ms. */
  read(): Promise<number>;
  close(): Promise<void>;
}

export async function redisCpu(url: string): Promise<RedisCpu> {
  const client = createClient({ url });
  await client.connect();
  return {
    async read() {
      const info = String(await client.info('cpu'));
      const field = (name: string) => {
        const m = new RegExp(`^${name}:([0-9.]+)`, 'm').exec(info);
        if (!m) throw new Error(`INFO cpu has no ${name}`);
        return Number(m[1]);
      };
      return (field('used_cpu_user') + field('used_cpu_sys')) * 1000;
    },
    async close() {
      await client.close();
    },
  };
}
