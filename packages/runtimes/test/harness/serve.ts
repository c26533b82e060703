import { type ChildProcess, spawn } from 'node:child_process';

/** A server process the test started, with what it printed so far. */
export interface Served {
  readonly url: string;
  output(): string;
  /** SIGKILL, and resolves once the process is gone. */
  stop(): Promise<void>;
}

/**
 * Starts `command args` and resolves once a line of its stdout matches `ready` (its first
 * group is the URL). Rejects with its output if it exits first or is not ready in 30 s.
 */
export function serve(command: string, args: readonly string[], ready: RegExp): Promise<Served> {
  const child = spawn(command, [...args], {
    env: { ...process.env, NODE_OPTIONS: '', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      void stop().then(() => reject(new Error(`${command} ${args.join(' ')} ${why}\n${output}`)));
    };
    const timer = setTimeout(() => fail('was not ready within 30 s'), 30_000);
    const collect = (stream: ChildProcess['stdout']) =>
      stream?.setEncoding('utf8').on('data', (chunk: string) => {
        output += chunk;
        const url = ready.exec(output)?.[1];
        if (url === undefined) return;
        clearTimeout(timer);
        resolve({ url, output: () => output, stop });
      });
    collect(child.stdout);
    collect(child.stderr);
    child.once('error', (error) => fail(`could not start: ${error.message}`));
    child.once('close', (code, signal) =>
      fail(`exited with ${code ?? signal} before it was ready`),
    );
  });
}
