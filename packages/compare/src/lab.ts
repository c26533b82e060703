import { startRedis, startTcpProxy, startUpstashRestServer } from '@mutex/testkit';
import { Redis } from 'ioredis';

/**
 * What `pnpm compare` and `pnpm bench` both run against: a Redis (REDIS_URL or a throwaway
 * one), a TCP proxy in front of it that can inject faults and counts commands, the
 * Upstash-REST endpoint, and a direct connection for looking at keys.
 */
export async function startLab() {
  const server = await startRedis().catch((error: Error) => {
    console.error(error.message);
    process.exit(1);
  });
  const { hostname, port } = new URL(server.url);
  const proxy = await startTcpProxy({ host: hostname, port: Number(port) });
  const rest = await startUpstashRestServer({ redisUrl: server.url });
  const inspector = new Redis(server.url);
  return {
    server,
    proxy,
    rest,
    inspector,
    /** Endpoints for clients that connect to Redis directly. */
    direct: { redisUrl: server.url, restUrl: rest.url, restToken: rest.token },
    /** Endpoints for clients whose Redis traffic crosses the proxy. */
    proxied: { redisUrl: proxy.url, restUrl: rest.url, restToken: rest.token },
    async stop() {
      inspector.disconnect();
      await rest.stop();
      await proxy.stop();
      await server.stop();
    },
  };
}
