import { createLockClient } from '@mutex/core';
import { upstashCommander } from '@mutex/upstash';
import { Redis } from '@upstash/redis';

/** Env a serverless platform would provide (Vercel, Cloudflare, Netlify, Lambda...). */
export interface Env {
  UPSTASH_REDIS_REST_URL: string;
  UPSTASH_REDIS_REST_TOKEN: string;
}

/**
 * POST /charge?order=ID: charges an order at most once at a time. A concurrent request for the
 * same order gets 409 at once rather than waiting (tryAcquire), so no invocation idles on the
 * lock, and every lock operation is one HTTP request to Upstash.
 */
export async function handler(
  request: Request,
  env: Env,
  charge: (order: string) => Promise<void>,
) {
  const order = new URL(request.url).searchParams.get('order');
  if (!order) return new Response('missing ?order=', { status: 400 });
  const redis = new Redis({ url: env.UPSTASH_REDIS_REST_URL, token: env.UPSTASH_REDIS_REST_TOKEN });
  const locks = createLockClient(upstashCommander(redis), { ttl: 15_000 });
  const lock = await locks.tryAcquire(`charge:${order}`);
  if (lock === null) return new Response(`order ${order} is being charged`, { status: 409 });
  try {
    await charge(order);
    return new Response(`order ${order} charged`, { status: 200 });
  } finally {
    await lock.release();
  }
}
