// redlock 4.2.0 ships no types; this declares the part the probes use.
declare module 'redlock' {
  import type { EventEmitter } from 'node:events';

  interface Lock {
    unlock(): Promise<void>;
  }
  export default class Redlock extends EventEmitter {
    constructor(clients: unknown[], options?: { retryCount?: number; retryDelay?: number });
    lock(resource: string, ttl: number): Promise<Lock>;
  }
}
