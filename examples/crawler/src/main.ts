// A crawler that must not hit one host with more than 5 requests at a time, however many
// workers crawl it: three clients (as three processes would have, each its own connection)
// run 8 crawling tasks each through one semaphore of limit 5. A local HTTP server plays the
// host and counts how many requests it serves at once. Uses REDIS_URL, or starts a throwaway
// Redis when it is unset.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLockClient } from '@mutex/core';
import { ioredisCommander } from '@mutex/ioredis';
import { startRedis } from '@mutex/testkit';
import { Redis } from 'ioredis';

const LIMIT = 5;
const PAGES = 60;

// The host: each page takes 20-40 ms to serve.
let serving = 0;
let mostAtOnce = 0;
const host = createServer((_request, response) => {
  serving++;
  mostAtOnce = Math.max(mostAtOnce, serving);
  setTimeout(
    () => {
      serving--;
      response.end('<html>page</html>');
    },
    20 + Math.random() * 20,
  );
});
await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;

const server = await startRedis().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
const connections = [1, 2, 3].map(() => new Redis(server.url));
const crawlers = connections.map((redis) =>
  createLockClient(ioredisCommander(redis)).semaphore(`fetch:${new URL(origin).host}`, {
    limit: LIMIT,
  }),
);

const queue = Array.from({ length: PAGES }, (_, i) => `${origin}/page/${i}`);
let fetched = 0;
async function crawl(fetches: (typeof crawlers)[number]): Promise<void> {
  for (let url = queue.shift(); url !== undefined; url = queue.shift()) {
    const page = url;
    const body = await fetches.withPermit({ acquireTimeout: 30_000 }, async (signal) => {
      const response = await fetch(page, { signal });
      return response.text();
    });
    if (body.includes('page')) fetched++;
  }
}
const started = performance.now();
await Promise.all(crawlers.flatMap((fetches) => Array.from({ length: 8 }, () => crawl(fetches))));
const seconds = (performance.now() - started) / 1000;

console.log(
  `${fetched} of ${PAGES} pages fetched by 24 tasks in ${seconds.toFixed(2)} s; the host served at most ${mostAtOnce} at once (limit ${LIMIT})`,
);
for (const redis of connections) redis.disconnect();
host.close();
await server.stop();
process.exitCode = fetched === PAGES && mostAtOnce <= LIMIT ? 0 : 1;
