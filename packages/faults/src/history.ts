/**
 * One critical section as its holder saw it, on the monotonic clock every process on this
 * machine shares (nanoseconds since an arbitrary origin, as decimal strings in the log).
 */
export interface Section {
  holder: string;
  fence: number;
  start: bigint;
  end: bigint;
  /** When the holder was told (signal aborted) that its lock was lost, if during the section. */
  lostAt?: bigint;
}

export interface Violation {
  kind: 'overlap' | 'fence-order';
  first: Section;
  second: Section;
}

export interface Verdict {
  sections: number;
  holders: number;
  violations: Violation[];
}

/**
 * The end of the span in which `section` was protected as far as its holder knew: a holder
 * told of a loss must stop relying on the lock from that moment.
 */
const protectedUntil = (section: Section) =>
  section.lostAt !== undefined && section.lostAt < section.end ? section.lostAt : section.end;

/**
 * Checks a history: no two sections may overlap while both holders still believed they held
 * the lock, and fencing tokens must strictly increase in the order the leases were granted.
 */
export function checkHistory(history: readonly Section[]): Verdict {
  const sorted = [...history].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const violations: Violation[] = [];
  // Sweep in start order, remembering the section that stays protected the longest so far.
  let longest: Section | undefined;
  for (const section of sorted) {
    if (longest && section.start < protectedUntil(longest)) {
      violations.push({ kind: 'overlap', first: longest, second: section });
    }
    if (!longest || protectedUntil(section) > protectedUntil(longest)) longest = section;
  }
  for (let i = 1; i < sorted.length; i++) {
    const [before, after] = [sorted[i - 1] as Section, sorted[i] as Section];
    if (after.fence <= before.fence)
      violations.push({ kind: 'fence-order', first: before, second: after });
  }
  return {
    sections: sorted.length,
    holders: new Set(sorted.map((s) => s.holder)).size,
    violations,
  };
}

export function parseHistory(jsonLines: string): Section[] {
  return jsonLines
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const raw = JSON.parse(line) as Record<string, string | number | undefined>;
      return {
        holder: String(raw.holder),
        fence: Number(raw.fence),
        start: BigInt(raw.start as string),
        end: BigInt(raw.end as string),
        lostAt: raw.lostAt === undefined ? undefined : BigInt(raw.lostAt as string),
      };
    });
}

/** One line per violation, readable in a test failure. */
export function describeViolation({ kind, first, second }: Violation): string {
  const show = (s: Section) =>
    `${s.holder} fence ${s.fence} [${s.start}..${s.end}]${s.lostAt === undefined ? '' : ` told lost at ${s.lostAt}`}`;
  return `${kind}: ${show(first)} / ${show(second)}`;
}
