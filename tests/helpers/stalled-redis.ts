/** A "Redis" that accepts TCP connections and never answers, with a node-redis client connecting to it. */
import net from 'node:net';
import { createClient } from 'redis';

export async function stalledRedis() {
  const held: net.Socket[] = [];
  const server = net.createServer((s) => held.push(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  const client = createClient({ url: `redis://127.0.0.1:${port}`, socket: { connectTimeout: 500, reconnectStrategy: false } });
  client.on('error', () => {});
  void client.connect().catch(() => {});
  return {
    client,
    /** Closes the client, the held connections and the server. */
    close: async () => {
      client.destroy();
      held.forEach((s) => s.destroy());
      await new Promise((r) => server.close(r));
    },
  };
}
