// settleInvoices again, run by Bun over its built-in client: main.ts starts this file with the
// Bun binary from the npm registry, REDIS_URL set to the Redis it uses.
import { bunRedisCommander } from '@mutex/bun';
import { RedisClient } from 'bun';
import { settleInvoices } from './settle-invoices.js';

const redis = new RedisClient(process.env.REDIS_URL);
const commander = bunRedisCommander(redis);
const started = performance.now();
const { settled, mostAtOnce } = await settleInvoices(commander, 20);
const ms = (performance.now() - started).toFixed(0);
console.log(
  `${'bun'.padEnd(12)} settled ${settled}/20 batches in ${ms} ms, at most ${mostAtOnce} at once (Bun ${process.versions.bun})`,
);
await commander.close();
redis.close();
process.exitCode = settled === 20 && mostAtOnce === 1 ? 0 : 1;
