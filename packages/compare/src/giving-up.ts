// pnpm bench's giving-up scenario, in the bench's own process: a waiter limited to 300 ms on a
// held lock. When does it fail, and does it take the lock later anyway?
import type { BenchLab } from './bench-lab.js';
import { slug } from './bench-lab.js';
import { type Held, SUBJECTS } from './subjects.js';

export interface GivingUpResult {
  failedAfter: number;
  takenAfter: boolean;
}

export async function givingUp(
  lab: BenchLab,
  name: string,
  round: number,
): Promise<GivingUpResult> {
  const make = SUBJECTS[name] as (typeof SUBJECTS)[string];
  const [holderSide, waiterSide] = [await make(lab.direct), await make(lab.direct)];
  const lockName = `give-up-${round}-${slug(name)}`;
  const holder = await holderSide.acquire(lockName, 1000, 10_000);
  const started = performance.now();
  let taken: Held | undefined;
  let failedAfter = Number.NaN;
  const waiting = waiterSide.acquire(lockName, 300, 10_000).then(
    (held) => {
      taken = held;
    },
    () => {
      failedAfter = performance.now() - started;
    },
  );
  await new Promise((resolve) => setTimeout(resolve, 600));
  await holder.release();
  await Promise.race([waiting, new Promise((resolve) => setTimeout(resolve, 3000))]);
  await new Promise((resolve) => setTimeout(resolve, 300));
  const takenAfter =
    taken !== undefined || (await lab.inspector.exists(waiterSide.key(lockName))) === 1;
  await taken?.release().catch(() => {});
  await lab.inspector.del(waiterSide.key(lockName));
  await Promise.all([holderSide.close(), waiterSide.close()]);
  return { failedAfter, takenAfter };
}
