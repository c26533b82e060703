import type { AddressInfo } from 'node:net';
import { connect, createServer, type Socket } from 'node:net';

/** A TCP proxy in front of a Redis, for provoking network faults on purpose. */
export interface TcpProxy {
  /** `redis://127.0.0.1:<port>`: connect clients here instead of to Redis. */
  readonly url: string;
  readonly port: number;
  /** Delays every reply (server to client) by `ms`, keeping order. Requests go through at once. */
  setLatency(ms: number): void;
  /** While on, bytes in both directions are dropped; connections stay open. */
  setBlackhole(on: boolean): void;
  /** Drops every open connection (clients see a reset). */
  dropConnections(): void;
  stop(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let latency = 0;
  let blackhole = false;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (chunk) => {
      if (!blackhole) upstream.write(chunk);
    });
    upstream.on('data', (chunk) => {
      if (blackhole) return;
      if (latency === 0) client.write(chunk);
      else setTimeout(() => client.writable && client.write(chunk), latency);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const dropConnections = () => {
    for (const socket of sockets) socket.destroy();
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    setLatency: (ms) => {
      latency = ms;
    },
    setBlackhole: (on) => {
      blackhole = on;
    },
    dropConnections,
    async stop() {
      dropConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
