import { describeConformance, startUpstashRestServer } from '@mutex/testkit';
import { Redis, type RedisConfigNodejs } from '@upstash/redis';
import { afterAll, inject } from 'vitest';
import { type UpstashCommanderOptions, upstashCommander } from '../src/index.js';

const url = inject('redisUrl');
const rest = await startUpstashRestServer({ redisUrl: url });
afterAll(() => rest.stop());

type ClientOptions = Omit<RedisConfigNodejs, 'url' | 'token'>;

const variants: [string, ClientOptions, UpstashCommanderOptions][] = [
  ['client defaults (auto-pipelining, base64, deserialization), polling', {}, {}],
  ['auto-pipelining off', { enableAutoPipelining: false }, {}],
  ['base64 response encoding off', { responseEncoding: false }, {}],
  ['automatic deserialization off', { automaticDeserialization: false }, {}],
  ['release notifications over SSE', {}, { notifications: true }],
];

for (const [label, clientOptions, commanderOptions] of variants) {
  describeConformance({
    name: `upstash (${label}) on the REST endpoint`,
    redis: { kind: 'standalone', url },
    async connect() {
      // Each client gets its own token: revoking it is how "Redis goes away" for this client.
      const token = rest.issueToken();
      const client = new Redis({ url: rest.url, token, ...clientOptions });
      const commander = upstashCommander(client, commanderOptions);
      return {
        commander,
        close: async () => {
          await commander.close();
          rest.revokeToken(token);
        },
      };
    },
  });
}
