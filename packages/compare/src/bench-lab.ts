// What pnpm bench's scenario modules share: the lab's endpoints, the Redis meter, and how to
// count what clients sent.
import type { Redis } from 'ioredis';
import type { RedisMeter } from './redis-meter.js';
import type { Endpoints } from './subjects.js';

export interface BenchLab {
  /** Clients connect straight to Redis: for speed and for Redis's own cost. */
  direct: Endpoints;
  /** Clients' Redis traffic crosses the counting proxy: for commands sent. */
  counted: Endpoints;
  inspector: Redis;
  meter: RedisMeter;
  /** Sent so far: HTTP requests to the REST endpoint, or commands through the proxy. */
  sent(http: boolean): number;
}

/** The HTTP subjects (Upstash REST): what they send is counted by the endpoint itself. */
export const isHttp = (name: string) => name.includes('upstash');

/** A lock-name-safe form of a library's name. */
export const slug = (name: string) => name.replace(/\W+/g, '-');

export const perAcquisition = (total: number, acquisitions: number) =>
  acquisitions === 0 ? Number.NaN : total / acquisitions;
