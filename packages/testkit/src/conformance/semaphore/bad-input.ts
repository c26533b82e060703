import type { SuiteContext } from '../context.js';
import { type BadCall, describeRefused } from '../refused.js';

const BAD: BadCall[] = [
  ['limit: 0', (l) => l.semaphore('n', { limit: 0 }), RangeError, /"limit".*\b0\b/],
  ['limit: -1', (l) => l.semaphore('n', { limit: -1 }), RangeError, /"limit".*-1/],
  ['limit: 1.5', (l) => l.semaphore('n', { limit: 1.5 }), RangeError, /"limit".*1\.5/],
  ['limit: NaN', (l) => l.semaphore('n', { limit: Number.NaN }), RangeError, /"limit".*NaN/],
  ['limit: "3"', (l) => l.semaphore('n', { limit: '3' as never }), TypeError, /"limit".*"3"/],
  ['no limit', (l) => l.semaphore('n', {} as never), TypeError, /"limit".*undefined/],
  ['unknown option', (l) => l.semaphore('n', { limit: 2, size: 3 } as never), TypeError, /"size"/],
  ['bad name', (l) => l.semaphore('', { limit: 2 }), RangeError, /name/],
  [
    'permits: 4 of 3',
    (l) => l.semaphore('n', { limit: 3 }).acquire({ permits: 4 }),
    RangeError,
    /"permits".*\(3\).*4/,
  ],
  [
    'permits: 0',
    (l) => l.semaphore('n', { limit: 3 }).tryAcquire({ permits: 0 }),
    RangeError,
    /"permits".*\b0\b/,
  ],
  [
    'permits: 1.5',
    (l) => l.semaphore('n', { limit: 3 }).acquire({ permits: 1.5 }),
    RangeError,
    /"permits".*1\.5/,
  ],
  [
    'permit: 1 (typo)',
    (l) => l.semaphore('n', { limit: 3 }).acquire({ permit: 1 } as never),
    TypeError,
    /"permit".*permits/,
  ],
  ['ttl: -1', (l) => l.semaphore('n', { limit: 3 }).acquire({ ttl: -1 }), RangeError, /"ttl".*-1/],
  [
    'withPermit without work',
    (l) => l.semaphore('n', { limit: 3 }).withPermit({} as never),
    TypeError,
    /withPermit.*function/,
  ],
];

export function semaphoreBadInputBehaviour(ctx: SuiteContext): void {
  describeRefused(ctx, 'semaphore: bad input', BAD);
}
