// One process of pnpm bench's contention pool (pool.ts), kept for the whole bench instead of
// a fresh process per run: starting a tsx process with every subject loaded costs about a
// second of CPU on the bench's 2 cores. Driven over IPC, one step at a time, so that the
// parent can read Redis's INFO between steps: what opening and closing clients costs stays out
// of the measured window.
//
//   open  {subject, endpoints, waiters}  -> makes `waiters` subjects, each with its own
//                                           client (own connection): waiters of one process
//                                           share nothing, not even our in-process turn-taking
//   run   {lockName, durationMs, ...}    -> every waiter contends at once; replies with each
//                                           waiter's sections, before any client closes
//   close                                -> closes the subjects
import { type Contender, type ContentionTask, contend } from './bench-loop.js';
import { SEMAPHORE_SUBJECTS } from './semaphore-subjects.js';
import { type Endpoints, SUBJECTS } from './subjects.js';

export type PoolRequest =
  | {
      type: 'open';
      subject: string;
      redisUrl: string;
      restUrl: string;
      restToken: string;
      waiters: number;
      /** Set for a semaphore subject: its limit (each acquisition takes one permit). */
      limit?: number;
    }
  | ({ type: 'run' } & ContentionTask)
  | { type: 'close' };

export type PoolReply =
  | { type: 'ready' }
  | { type: 'opened' }
  | { type: 'ran'; sections: [string, string, number][][]; failures: number }
  | { type: 'closed' }
  | { type: 'error'; message: string };

let subjects: Contender[] = [];

function maker(name: string, limit?: number): (at: Endpoints) => Promise<Contender> {
  if (limit === undefined) {
    const make = SUBJECTS[name];
    if (make === undefined) throw new Error(`no subject ${name}`);
    return make;
  }
  const make = SEMAPHORE_SUBJECTS[name];
  if (make === undefined) throw new Error(`no semaphore subject ${name}`);
  return async (at) => {
    const semaphore = await make(at);
    return {
      acquire: (lockName, waitMs, leaseMs) => semaphore.acquire(lockName, limit, waitMs, leaseMs),
      close: () => semaphore.close(),
    };
  };
}

async function handle(request: PoolRequest): Promise<PoolReply> {
  switch (request.type) {
    case 'open': {
      const make = maker(request.subject, request.limit);
      subjects = await Promise.all(Array.from({ length: request.waiters }, () => make(request)));
      return { type: 'opened' };
    }
    case 'run': {
      const reports = await Promise.all(
        subjects.map((subject) => contend(subject, request, undefined, { close: false })),
      );
      return {
        type: 'ran',
        sections: reports.map((r) => r.sections),
        failures: reports.reduce((sum, r) => sum + r.failures, 0),
      };
    }
    case 'close': {
      const closing = Promise.all(subjects.map((subject) => subject.close()));
      await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, 1000))]);
      subjects = [];
      return { type: 'closed' };
    }
  }
}

process.on('message', (request: PoolRequest) => {
  handle(request).then(
    (reply) => process.send?.(reply),
    (error: Error) => process.send?.({ type: 'error', message: String(error?.stack ?? error) }),
  );
});
// Exits with the parent, whether it said goodbye or died.
process.on('disconnect', () => process.exit(0));
process.send?.({ type: 'ready' });
