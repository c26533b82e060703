import { checkRedisUrl } from './check-redis-url.js';
import { freePort } from './ports.js';
import { NO_REDIS_HELP, startRedisProcess } from './redis-process.js';

/** A Redis server for tests. */
export interface RedisServer {
  /** `redis://host:port` */
  readonly url: string;
  /** Where it came from: `REDIS_URL`, a testcontainers container, or a local `redis-server`. */
  readonly source: 'env' | 'docker' | 'binary';
  stop(): Promise<void>;
}

export interface StartRedisOptions {
  /** Where to read `REDIS_URL` and `PATH` from. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Try Docker (testcontainers) before `redis-server`. @default true */
  docker?: boolean;
}

/**
 * Finds a Redis for tests, in this order: `REDIS_URL`, which must answer a PING within 3 s
 * (else it throws saying why); Docker through testcontainers, when a Docker engine answers;
 * `redis-server` from PATH on a free loopback port. Otherwise it throws an error that says how
 * to get one. It never silently does without.
 */
export async function startRedis({
  env = process.env,
  docker = true,
}: StartRedisOptions = {}): Promise<RedisServer> {
  if (env.REDIS_URL) {
    await checkRedisUrl(env.REDIS_URL);
    return { url: env.REDIS_URL, source: 'env', stop: async () => {} };
  }
  const container = docker ? await startDockerRedis() : undefined;
  if (container) return container;
  const port = await freePort();
  const server = await startRedisProcess(port, [], env);
  return { url: `redis://127.0.0.1:${port}`, source: 'binary', stop: server.stop };
}

async function startDockerRedis(): Promise<RedisServer | undefined> {
  const testcontainers = await import('testcontainers');
  try {
    await testcontainers.getContainerRuntimeClient();
  } catch {
    return undefined; // no Docker engine answers: fall through to redis-server
  }
  const container = await new testcontainers.GenericContainer('redis:7-alpine')
    .withExposedPorts(6379)
    .withWaitStrategy(testcontainers.Wait.forLogMessage('Ready to accept connections'))
    .start();
  return {
    url: `redis://${container.getHost()}:${container.getMappedPort(6379)}`,
    source: 'docker',
    stop: async () => void (await container.stop()),
  };
}

export { NO_REDIS_HELP };
