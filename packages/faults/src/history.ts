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
  /** What the section counts against the limit: permits, or a writer's whole limit. 1 if unset. */
  weight?: number;
}

const weightOf = (section: Section) => section.weight ?? 1;

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
 * Checks a history: at no moment may the sections whose holders still believed they held the
 * lock weigh more than `limit` together (a mutex: one holder of weight 1; a semaphore: the
 * permits; a read-write lock: readers weigh 1 and a writer `limit`), and of two sections that
 * could not be held together, the one that began after the other ended must carry the larger
 * fencing token (its lease was granted later). Sections that could be held together may use
 * their grants in any order.
 */
export function checkHistory(history: readonly Section[], limit = 1): Verdict {
  const sorted = [...history].sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const violations: Violation[] = [];
  // Sweep in start order, keeping the sections still protected at each start.
  let inside: Section[] = [];
  for (const section of sorted) {
    inside = inside.filter((other) => protectedUntil(other) > section.start);
    const load = inside.reduce((sum, other) => sum + weightOf(other), weightOf(section));
    if (load > limit) {
      const first = inside[0] as Section;
      violations.push({ kind: 'overlap', first, second: section });
    }
    inside.push(section);
  }
  // Fences: every pair that excludes each other, one ending before the other began.
  const byEnd = [...sorted].sort((a, b) => (a.end < b.end ? -1 : a.end > b.end ? 1 : 0));
  for (const after of sorted) {
    for (const before of byEnd) {
      if (before.end > after.start) break;
      const exclusive = weightOf(before) + weightOf(after) > limit;
      if (exclusive && before.fence >= after.fence) {
        violations.push({ kind: 'fence-order', first: before, second: after });
      }
    }
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
        weight: raw.weight === undefined ? undefined : Number(raw.weight),
      };
    });
}

/** One line per violation, readable in a test failure. */
export function describeViolation({ kind, first, second }: Violation): string {
  const show = (s: Section) =>
    `${s.holder} fence ${s.fence} weight ${weightOf(s)} [${s.start}..${s.end}]${s.lostAt === undefined ? '' : ` told lost at ${s.lostAt}`}`;
  return `${kind}: ${show(first)} / ${show(second)}`;
}
