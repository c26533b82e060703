import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';

/** A local endpoint that speaks Upstash's REST protocol and forwards to a real Redis. */
export interface UpstashRestServer {
  /** Base URL for `new Redis({ url, token })` from `@upstash/redis`. */
  readonly url: string;
  /** A token that is always accepted. */
  readonly token: string;
  /** HTTP requests and Redis commands served so far (commands count pipeline entries). */
  readonly stats: { requests: number; commands: number };
  /** A further accepted token, e.g. one per client, so that one client can be cut off. */
  issueToken(): string;
  /** Requests with `token` get 401 from now on. */
  revokeToken(token: string): void;
  /** Delays every answer by `ms` (the command runs at once); `Infinity` never answers. */
  setLatency(ms: number): void;
  stop(): Promise<void>;
}

type Reply = Buffer | number | null | Reply[];
type Entry = { result: unknown } | { error: string };

class RequestError extends Error {}

const OK = Buffer.from('OK');

/**
 * Encodes a RESP2 reply as Upstash does: bulk strings base64-encoded when the client sent
 * `Upstash-Encoding: base64` (except a plain "OK", which the client reads as it is), UTF-8
 * otherwise; integers as numbers; nil as null; arrays element by element.
 */
function encode(reply: Reply, base64: boolean): unknown {
  if (Buffer.isBuffer(reply)) {
    if (base64 && !reply.equals(OK)) return reply.toString('base64');
    return reply.toString('utf8');
  }
  if (Array.isArray(reply)) return reply.map((item) => encode(item, base64));
  return reply;
}

function toArgument(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function toCommand(value: unknown): [string, ...string[]] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new RequestError('ERR a command must be a non-empty JSON array');
  }
  return value.map(toArgument) as [string, ...string[]];
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new RequestError('ERR failed to parse the JSON body');
  }
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json' });
  response.end(JSON.stringify(body));
}

/**
 * Starts the endpoint on a free loopback port. It serves `POST /` (a JSON-array command),
 * path-style commands (`/get/key`), `/pipeline`, `/multi-exec` and SSE `/subscribe/<channel>`,
 * checks the bearer token (401 otherwise) and answers `{result}` / `{error}` as Upstash does.
 */
export async function startUpstashRestServer({
  redisUrl,
}: {
  redisUrl: string;
}): Promise<UpstashRestServer> {
  const redis = new Redis(redisUrl, { protocol: 2 });
  redis.on('error', () => {}); // a failing Redis shows up as {error} answers
  const token = randomBytes(16).toString('hex');
  const tokens = new Set([token]);
  const streams = new Set<{ response: ServerResponse; subscriber: Redis }>();
  const stats = { requests: 0, commands: 0 };
  let latency = 0;

  const run = async (command: string[], base64: boolean): Promise<Entry> => {
    stats.commands++;
    const [name, ...args] = command as [string, ...string[]];
    try {
      return { result: encode((await redis.callBuffer(name, ...args)) as Reply, base64) };
    } catch (error) {
      return { error: errorMessage(error) };
    }
  };

  const transaction = async (commands: string[][], base64: boolean): Promise<Entry[]> => {
    stats.commands += commands.length;
    const multi = redis.multi();
    for (const [name, ...args] of commands) multi.callBuffer(name as string, ...args);
    const results = (await multi.exec()) ?? [];
    return results.map(([error, reply]) =>
      error ? { error: errorMessage(error) } : { result: encode(reply as Reply, base64) },
    );
  };

  const subscribe = async (channels: string[], response: ServerResponse) => {
    if (channels.length === 0) throw new RequestError('ERR subscribe needs a channel');
    const subscriber = redis.duplicate();
    subscriber.on('error', () => {});
    const stream = { response, subscriber };
    streams.add(stream);
    response.on('close', () => {
      streams.delete(stream);
      subscriber.disconnect();
    });
    subscriber.on('message', (channel: string, message: string) => {
      response.write(`data: message,${channel},${message}\n\n`);
    });
    await subscriber.subscribe(...channels);
    response.writeHead(200, {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache',
      Connection: 'keep-alive',
    });
    channels.forEach((channel, i) => {
      response.write(`data: subscribe,${channel},${i + 1}\n\n`);
    });
  };

  const send = (response: ServerResponse, status: number, body: unknown) => {
    if (latency === 0) reply(response, status, body);
    else if (Number.isFinite(latency)) setTimeout(() => reply(response, status, body), latency);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    stats.requests++;
    const authorization = request.headers.authorization ?? '';
    if (!tokens.has(authorization.replace(/^Bearer\s+/i, ''))) {
      return send(response, 401, { error: 'Unauthorized' });
    }
    const base64 = String(request.headers['upstash-encoding']).toLowerCase() === 'base64';
    const path = new URL(request.url ?? '/', 'http://localhost').pathname
      .split('/')
      .filter(Boolean)
      .map(decodeURIComponent);
    const body = await readBody(request);
    const [head, ...rest] = path;

    if (head === 'pipeline' || head === 'multi-exec') {
      if (!Array.isArray(body))
        throw new RequestError(`ERR /${head} takes a JSON array of commands`);
      const commands = body.map(toCommand);
      if (head === 'pipeline') {
        return send(response, 200, await Promise.all(commands.map((c) => run(c, base64))));
      }
      return send(response, 200, await transaction(commands, base64));
    }
    if (head === 'subscribe') return subscribe(rest, response);

    const command = body === undefined ? toCommand(path) : toCommand(body);
    const entry = await run(command, base64);
    return send(response, 'error' in entry ? 400 : 200, entry);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (response.headersSent) return void response.end();
      reply(response, error instanceof RequestError ? 400 : 500, { error: errorMessage(error) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    token,
    stats,
    issueToken() {
      const issued = randomBytes(16).toString('hex');
      tokens.add(issued);
      return issued;
    },
    revokeToken(revoked) {
      tokens.delete(revoked);
    },
    setLatency(ms) {
      latency = ms;
    },
    async stop() {
      for (const { response, subscriber } of streams) {
        subscriber.disconnect();
        response.end();
      }
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      redis.disconnect();
    },
  };
}
