/**
 * A loopback TCP port that is free right now: the kernel picks it (listen on port 0), and it is closed again
 * before it is handed back. For a child process that must be told its port (redis-server, nginx, the built
 * server). A random pick instead can land on a port in use — 20,000–40,000 overlaps Linux's ephemeral range
 * (32,768–60,999), where other tests' client sockets live (a CI run failed with EADDRINUSE that way).
 */
import net from 'node:net';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}
