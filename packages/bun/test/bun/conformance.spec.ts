// Run by Bun's test runner (`bun test`, started by test/bun.test.ts), which gives the suite's
// `vitest` imports its own implementations; Vitest also collects this file, without running
// it, to count what Bun must have passed.
import { describeConformance } from '@mutex/testkit';
import { bunRedisCommander } from '../../src/index.ts';

const url = process.env.MUTEX_BUN_REDIS_URL ?? 'redis://collected-only:6379';

describeConformance({
  name: "Bun's RedisClient on standalone Redis",
  redis: { kind: 'standalone', url },
  connect: async () => {
    const { RedisClient } = await import('bun');
    const client = new RedisClient(url);
    // Connected first: Bun connects on the first command, and a close() before that is undone
    // by the next command, where the suite wants a closed client to stay closed.
    await client.connect();
    const commander = bunRedisCommander(client);
    return {
      commander,
      close: async () => {
        await commander.close();
        client.close();
      },
    };
  },
});
