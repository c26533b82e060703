/** Calls per command from `INFO commandstats` (`cmdstat_<name>:calls=<n>,...`), scripts' own included. */
export function commandCalls(info: string): Map<string, number> {
  const calls = new Map<string, number>();
  for (const [, name, count] of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
    calls.set(name as string, Number(count));
  }
  return calls;
}

/** All calls in `INFO commandstats`. */
export function totalCalls(info: string): number {
  let total = 0;
  for (const count of commandCalls(info).values()) total += count;
  return total;
}
