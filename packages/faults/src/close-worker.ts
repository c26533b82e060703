// Run in a child process by test/unknown-outcomes.test.ts, so that what would crash or hang a
// user's process (an unhandled rejection, a timer that keeps it alive) shows in this one.
// Usage: close-worker.ts <scenario> <adapter> <redisUrl>; prints one JSON line on success.
import { createLockClient } from '@mutex/core';
import { startTcpProxy } from '@mutex/testkit';
import { type AdapterName, connect } from '@mutex/tools/adapters';
import { Redis } from 'ioredis';

export type CloseScenario = 'close-while-resubscribing' | 'close-after-waiting';

const [scenario, adapter, redisUrl] = process.argv.slice(2) as [CloseScenario, AdapterName, string];
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

const inspector = new Redis(redisUrl);
/** Connections of `CLIENT LIST TYPE pubsub` subscribed to at least one channel. */
const subscribers = async () =>
  String(await inspector.call('CLIENT', 'LIST', 'TYPE', 'pubsub'))
    .split('\n')
    .filter((line) => / sub=[1-9]/.test(line)).length;

/**
 * A waiter subscribes through a proxy; the proxy drops every connection and delays replies,
 * and the commander is closed just as its subscriber's new SUBSCRIBE reaches Redis.
 */
async function closeWhileResubscribing(): Promise<object> {
  const { port } = new URL(redisUrl);
  const proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(port) });
  const endpoints = { redisUrl: proxy.url, restUrl: '', restToken: '' };
  const { commander, close } = await connect(adapter, endpoints);
  await inspector.set('mutex:{job}', 'someone else', 'PX', 10_000);
  const giveUp = new AbortController();
  const waiting = createLockClient(commander)
    .acquire('job', { signal: giveUp.signal })
    .catch(() => {});
  await until(async () => (await subscribers()) === 1, 'the waiter to subscribe');
  proxy.setLatency(300);
  proxy.dropConnections();
  await until(async () => (await subscribers()) === 0, 'the subscription to drop');
  await until(async () => (await subscribers()) === 1, 'the subscriber to resubscribe');
  giveUp.abort();
  await close();
  await waiting;
  await sleep(700); // the delayed replies arrive, the connections are gone
  await proxy.stop();
  return { closed: true };
}

/**
 * Records where each timer still able to keep the process alive was set. Clients have timers
 * of their own around a disconnect; the test looks only at the lock library's.
 */
function traceTimers(): () => string[] {
  const live = new Map<ReturnType<typeof setTimeout>, string>();
  const { setTimeout: set, clearTimeout: clear } = globalThis;
  globalThis.setTimeout = ((work: () => void, ms?: number) => {
    const timer = set(() => {
      live.delete(timer);
      work();
    }, ms);
    // The frame that called setTimeout: whose timer this is.
    live.set(timer, new Error().stack?.split('\n')[2] ?? '');
    return timer;
  }) as typeof setTimeout;
  globalThis.clearTimeout = ((timer: ReturnType<typeof setTimeout> | undefined) => {
    if (timer !== undefined) live.delete(timer);
    clear(timer);
  }) as typeof clearTimeout;
  return () => [...live].filter(([timer]) => timer.hasRef()).map(([, stack]) => stack);
}

/**
 * Waits for a lock (which subscribes), takes and releases it, closes the commander and the
 * client, and reports the library's timers that would still keep the process alive.
 */
async function closeAfterWaiting(): Promise<object> {
  const liveTimers = traceTimers();
  const endpoints = { redisUrl, restUrl: '', restToken: '' };
  const [holderSide, waiterSide] = [
    await connect(adapter, endpoints),
    await connect(adapter, endpoints),
  ];
  const holder = await createLockClient(holderSide.commander).acquire('job');
  const waiting = createLockClient(waiterSide.commander).acquire('job');
  await until(async () => (await subscribers()) === 1, 'the waiter to subscribe');
  await holder.release();
  await (await waiting).release(); // its subscription now lingers
  await Promise.all([holderSide.close(), waiterSide.close()]);
  inspector.disconnect();
  const ours = liveTimers().filter((caller) => /packages[/\\]core[/\\]/.test(caller));
  return { timersKeepingAlive: ours };
}

const run = scenario === 'close-while-resubscribing' ? closeWhileResubscribing : closeAfterWaiting;
const outcome = await run();
inspector.disconnect();
console.log(JSON.stringify(outcome));
