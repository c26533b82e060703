// pnpm compare: the same behavioural probes against @mutex and its peers, on a real Redis
// (through a fault-injecting TCP proxy) and on the local Upstash-REST endpoint.
import { Redis } from 'ioredis';
import { startLab } from './lab.js';
import { cost, type Faults, giveUp, lockLoss, unreachable } from './probes.js';
import { SUBJECTS, type Subject } from './subjects.js';

const UNREACHABLE_CAP_MS = 12_000;

const lab = await startLab();
const monitor = await new Redis(lab.server.url).monitor();
const faults: Faults = { proxy: lab.proxy, rest: lab.rest, inspector: lab.inspector, monitor };
const at = lab.proxied;

// A peer's unhandled rejection would end this process: count it against that peer instead.
let unhandled = 0;
process.on('unhandledRejection', () => {
  unhandled++;
});

const rows: string[][] = [];
// The probes compare libraries; node-redis behaves as ioredis does, fair mode and Upstash
// notifications as the defaults, and the raw baseline is for the benchmarks. Valkey GLIDE is
// a bench row only (the faults suite has not run it through this proxy).
const NOT_PROBED = new Set(['@mutex/node-redis', '@mutex/valkey-glide']);
const PROBED = Object.entries(SUBJECTS).filter(
  ([name]) => !NOT_PROBED.has(name) && !name.startsWith('raw') && !name.endsWith(')'),
);
for (const [name, make] of PROBED) {
  process.stdout.write(`probing ${name}...\n`);
  const row = [name];
  unhandled = 0;
  // A fresh client per probe: a probe that leaves a client wedged cannot spoil the next one.
  const probes: ((subject: Subject, faults: Faults) => Promise<string>)[] = [
    cost,
    giveUp,
    (subject, faults) => unreachable(subject, faults, UNREACHABLE_CAP_MS),
    lockLoss,
  ];
  for (const probe of probes) {
    const subject = await make(at);
    row.push(await probe(subject, faults).catch((error: Error) => `error: ${error.message}`));
    await Promise.race([subject.close(), new Promise((r) => setTimeout(r, 1000))]);
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
  row.push(String(unhandled));
  rows.push(row);
}

const header = [
  'library',
  'uncontended acquire+release costs',
  'waiter limited to 0.1 s, replies 0.3 s late',
  'Redis stops answering (wait limit 1 s)',
  'lock deleted while held (1 s lease)',
  'unhandled rejections during these probes',
];
console.log(`\n| ${header.join(' | ')} |\n|${header.map(() => ' --- |').join('')}`);
for (const row of rows) console.log(`| ${row.join(' | ')} |`);

monitor.disconnect();
await lab.stop();
process.exit(0); // some peers leave timers and sockets behind after the unreachable probe
