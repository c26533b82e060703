import type { AddressInfo } from 'node:net';
import { connect, createServer, type Socket } from 'node:net';

/** A TCP proxy in front of a Redis, for provoking network faults on purpose. */
export interface TcpProxy {
  /** `redis://127.0.0.1:<port>`: connect clients here instead of to Redis. */
  readonly url: string;
  readonly port: number;
  /** Commands clients sent through the proxy (RESP requests parsed from the byte stream). */
  readonly stats: { commands: number };
  /** Delays every reply (server to client) by `ms`, keeping order. Requests go through at once. */
  setLatency(ms: number): void;
  /**
   * While on, nothing gets through in either direction and connections stay open, as in a
   * network partition. Like TCP's retransmissions, what was held back is delivered in order
   * once it is turned off.
   */
  setBlackhole(on: boolean): void;
  /** Drops every open connection (clients see a reset). */
  dropConnections(): void;
  stop(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let latency = 0;
  let blackhole = false;
  const stats = { commands: 0 };
  const sockets = new Set<Socket>();
  const heldBack: (() => void)[] = [];
  const server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    const countCommands = requestCounter(() => stats.commands++);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    const deliver = (to: Socket, chunk: Buffer) => {
      if (to.writable) to.write(chunk);
    };
    // Delayed replies wait in one queue per connection, so that they keep their order even
    // when the latency drops while some are still delayed.
    const delayed: { at: number; chunk: Buffer }[] = [];
    let pump: ReturnType<typeof setTimeout> | undefined;
    const drain = () => {
      pump = undefined;
      const now = performance.now();
      while (delayed[0] && delayed[0].at <= now)
        deliver(client, (delayed.shift() as { chunk: Buffer }).chunk);
      if (delayed[0]) pump = setTimeout(drain, Math.ceil(delayed[0].at - now));
    };
    client.on('close', () => clearTimeout(pump));
    client.on('data', (chunk: Buffer) => {
      countCommands(chunk);
      if (blackhole) heldBack.push(() => deliver(upstream, chunk));
      else deliver(upstream, chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (blackhole) heldBack.push(() => deliver(client, chunk));
      else if (latency === 0 && delayed.length === 0) deliver(client, chunk);
      else {
        const at = Math.max(performance.now() + latency, delayed.at(-1)?.at ?? 0);
        delayed.push({ at, chunk });
        pump ??= setTimeout(drain, Math.ceil(at - performance.now()));
      }
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
    stats,
    setLatency: (ms) => {
      latency = ms;
    },
    setBlackhole: (on) => {
      blackhole = on;
      if (!on) for (const flush of heldBack.splice(0)) flush();
    },
    dropConnections,
    async stop() {
      dropConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Counts RESP requests in a client's byte stream, chunk by chunk: each is an array header
 * `*<n>` followed by n bulk strings `$<len>` + data, or an inline command line.
 */
function requestCounter(onRequest: () => void): (chunk: Buffer) => void {
  let pending = Buffer.alloc(0);
  let bulksLeft = 0; // bulk strings still to read in the current array
  let bytesLeft = -1; // payload bytes (plus CRLF) still to skip in the current bulk string
  return (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    let at = 0;
    for (;;) {
      if (bytesLeft >= 0) {
        if (pending.length - at < bytesLeft) break;
        at += bytesLeft;
        bytesLeft = -1;
        if (--bulksLeft === 0) onRequest();
        continue;
      }
      const lineEnd = pending.indexOf('\r\n', at);
      if (lineEnd === -1) break;
      const line = pending.toString('latin1', at, lineEnd);
      at = lineEnd + 2;
      if (bulksLeft > 0 && line.startsWith('$')) bytesLeft = Number(line.slice(1)) + 2;
      else if (line.startsWith('*')) {
        bulksLeft = Number(line.slice(1));
        if (bulksLeft <= 0) onRequest();
      } else if (line.trim() !== '') onRequest(); // an inline command
    }
    pending = pending.subarray(at);
  };
}
