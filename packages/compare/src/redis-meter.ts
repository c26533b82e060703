// What Redis itself spends on a scenario, read from INFO before and after it: the CPU time of
// its main thread (where commands and scripts run) and the calls it ran, scripts' own calls
// included. Both are server-wide, so a scenario must be the only thing running.
import { totalCalls } from '@mutex/tools/commandstats';
import { median } from '@mutex/tools/stats';
import type { Redis } from 'ioredis';

export interface RedisReading {
  /** used_cpu_sys_main_thread + used_cpu_user_main_thread, in µs. */
  cpuMicros: number;
  /** Every call in INFO commandstats. */
  calls: number;
}

/** Main-thread CPU in µs from `INFO cpu` text (Redis prints seconds with 6 decimals). */
export function mainThreadCpuMicros(info: string): number {
  const seconds = (field: string) => {
    const match = new RegExp(`^${field}:([\\d.]+)`, 'm').exec(info);
    if (match === null) throw new Error(`INFO has no ${field} (Redis 6.2 or later needed)`);
    return Number(match[1]);
  };
  return (seconds('used_cpu_sys_main_thread') + seconds('used_cpu_user_main_thread')) * 1e6;
}

export interface RedisMeter {
  read(): Promise<RedisReading>;
  /** What Redis spent from `before` to now, less what our own INFO calls cost. */
  since(before: RedisReading): Promise<RedisReading>;
}

/**
 * A meter over `inspector` (a direct connection). One INFO call reads both sections; its own
 * cost (one call, and the CPU of answering it) is measured back to back on start-up, while
 * nothing else runs, and taken off every delta.
 */
export async function redisMeter(inspector: Redis): Promise<RedisMeter> {
  const read = async (): Promise<RedisReading> => {
    const info = await inspector.info('cpu', 'commandstats');
    return { cpuMicros: mainThreadCpuMicros(info), calls: totalCalls(info) };
  };
  const overheads: number[] = [];
  let previous = await read();
  for (let i = 0; i < 7; i++) {
    const next = await read();
    overheads.push(next.cpuMicros - previous.cpuMicros);
    previous = next;
  }
  const infoCpu = median(overheads);
  return {
    read,
    async since(before) {
      const now = await read();
      return {
        cpuMicros: Math.max(0, now.cpuMicros - before.cpuMicros - infoCpu),
        calls: now.calls - before.calls - 1,
      };
    },
  };
}
