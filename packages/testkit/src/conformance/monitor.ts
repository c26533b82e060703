import { connect, type Socket } from 'node:net';
import type { Redis } from 'ioredis';
import { eventually, inspectorNodes, type SuiteContext } from './context.js';

/** One command as Redis's MONITOR reported it. */
export interface Monitored {
  /** Redis's clock, in ms since the epoch. */
  readonly time: number;
  /** Command name (lower case) and arguments. */
  readonly args: readonly string[];
  /** `lua` for a command a script ran, else the client's address. */
  readonly source: string;
}

/** A script call and the commands it ran inside Redis. */
export interface ScriptRun {
  readonly time: number;
  /** The SHA1 it was called by (EVALSHA), or its source (EVAL). */
  readonly script: string;
  readonly keys: readonly string[];
  readonly commands: readonly (readonly string[])[];
}

/** What one master ran while MONITOR watched, and a connection to ask it more. */
export interface NodeLog {
  readonly node: Redis;
  readonly entries: readonly Monitored[];
}

/** What MONITOR saw on every master while it ran. */
export interface Monitoring {
  /** Waits until everything sent so far has been seen, then stops. */
  stop(): Promise<readonly NodeLog[]>;
}

const isScriptCall = (args: readonly string[]) =>
  ['eval', 'evalsha'].includes(args[0]?.toLowerCase() ?? '');

/** Undoes Redis's quoting of one MONITOR argument (sdscatrepr). */
function unquote(quoted: string): string {
  return quoted.slice(1, -1).replace(/\\(x[0-9a-f]{2}|.)/g, (_, code: string) => {
    if (code.startsWith('x') && code.length === 3) {
      return String.fromCharCode(Number.parseInt(code.slice(1), 16));
    }
    return { n: '\n', r: '\r', t: '\t', a: '\x07', b: '\b' }[code] ?? code;
  });
}

/** One MONITOR line: `+<seconds> [<db> <source>] "arg" "arg" ...`. */
function parseLine(line: string): Monitored | undefined {
  const head = /^\+(\d+\.\d+) \[\d+ ([^\]]+)\] /.exec(line);
  if (!head) return undefined;
  const args = [...line.slice(head[0].length).matchAll(/"(?:[^"\\]|\\.)*"/g)].map((m) =>
    unquote(m[0]),
  );
  return { time: Number(head[1]) * 1000, args, source: head[2] as string };
}

/**
 * A MONITOR connection of its own, read line by line. (ioredis's monitor mode mistakes other
 * clients' commands for replies while it starts up, under load.)
 */
async function watch(node: Redis, onEntry: (entry: Monitored) => void): Promise<Socket> {
  const { host = '127.0.0.1', port = 6379, password, username } = node.options;
  const socket = connect({ host, port });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve).once('error', reject);
  });
  socket.on('error', () => {});
  let buffered = '';
  let started!: () => void;
  const monitoring = new Promise<void>((resolve) => {
    started = resolve;
  });
  socket.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('latin1');
    let end = buffered.indexOf('\r\n');
    while (end !== -1) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      if (line === '+OK') started();
      const entry = parseLine(line);
      if (entry) onEntry(entry);
      end = buffered.indexOf('\r\n');
    }
  });
  const send = (...args: string[]) =>
    socket.write(
      `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`,
    );
  if (password) send('AUTH', ...(username ? [username] : []), password);
  send('MONITOR');
  await monitoring;
  return socket;
}

/** Watches every command each master runs, scripts' own commands included. */
export async function monitor(ctx: SuiteContext): Promise<Monitoring> {
  const nodes = inspectorNodes(ctx.inspector());
  const seen: Monitored[][] = nodes.map(() => []);
  const sockets = await Promise.all(
    nodes.map((node, i) => watch(node, (entry) => seen[i]?.push(entry))),
  );
  return {
    async stop() {
      // A marker through each node: once MONITOR shows it, everything before it has arrived.
      const marker = `monitor-marker:${Math.random().toString(36).slice(2)}`;
      await Promise.all(nodes.map((node) => node.echo(marker)));
      await eventually(
        () => seen.every((entries) => entries.some((entry) => entry.args.includes(marker))),
        'MONITOR to catch up',
      );
      for (const socket of sockets) socket.destroy();
      return nodes.map((node, i) => ({
        node,
        entries: (seen[i] ?? []).filter((entry) => !entry.args.includes(marker)),
      }));
    },
  };
}

/**
 * Groups one node's log into script calls with the commands they ran. Redis logs a script's
 * own commands (source `lua`) right after the EVAL/EVALSHA that ran them; a server that logs
 * them before it is handled too.
 */
export function scriptRuns(entries: readonly Monitored[]): ScriptRun[] {
  const runs: ScriptRun[] = [];
  let open: { time: number; keys: string[]; commands: string[][] } | undefined;
  let orphans: string[][] = [];
  for (const entry of entries) {
    if (entry.source === 'lua') {
      if (open) open.commands.push([...entry.args]);
      else orphans.push([...entry.args]);
      continue;
    }
    open = undefined;
    if (!isScriptCall(entry.args)) continue;
    const count = Number(entry.args[2]);
    const run = {
      time: entry.time,
      script: entry.args[1] ?? '',
      keys: entry.args.slice(3, 3 + count),
      commands: orphans,
    };
    orphans = [];
    runs.push(run);
    if (run.commands.length === 0) open = run;
  }
  return runs;
}
