import type { SuiteContext } from '../context.js';
import { type BadCall, describeRefused } from '../refused.js';

const BAD: BadCall[] = [
  ['empty name', (l) => l.readWrite(''), RangeError, /name/],
  ['name not a string', (l) => l.readWrite(42 as never), TypeError, /name.*42/],
  ['read ttl: -1', (l) => l.readWrite('n').read({ ttl: -1 }), RangeError, /"ttl".*-1/],
  [
    'write acquireTimeout: NaN',
    (l) => l.readWrite('n').write({ acquireTimeout: Number.NaN }),
    RangeError,
    /"acquireTimeout".*NaN/,
  ],
  [
    'tryRead unknown option',
    (l) => l.readWrite('n').tryRead({ mode: 'r' } as never),
    TypeError,
    /"mode"/,
  ],
  [
    'withWrite without work',
    (l) => l.readWrite('n').withWrite({} as never),
    TypeError,
    /withWrite.*function/,
  ],
];

export function readWriteBadInputBehaviour(ctx: SuiteContext): void {
  describeRefused(ctx, 'read-write lock: bad input', BAD);
}
