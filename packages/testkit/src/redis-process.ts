import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const NO_REDIS_HELP =
  'No Redis server for the tests. Set REDIS_URL=redis://host:port, start a Docker engine ' +
  '(the harness then uses testcontainers), or install redis-server ' +
  '(Debian/Ubuntu: apt-get install -y redis-server; macOS: brew install redis).';

/** A `redis-server` child process on 127.0.0.1, with its own scratch directory. */
export interface RedisProcess {
  readonly port: number;
  readonly child: ChildProcess;
  readonly dir: string;
  stop(): Promise<void>;
}

/**
 * Starts `redis-server` from PATH with `extraArgs` and waits until it answers PING. Its data
 * lives in `dataDir` when given (kept on stop, so a restart finds it), else in a scratch
 * directory removed on stop.
 */
export async function startRedisProcess(
  port: number,
  extraArgs: string[] = [],
  env: NodeJS.ProcessEnv = process.env,
  dataDir?: string,
): Promise<RedisProcess> {
  const dir = dataDir ?? (await mkdtemp(join(tmpdir(), 'mutex-redis-')));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
  const child = spawn('redis-server', [...args, '--dir', dir, ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output = (output + String(chunk)).slice(-4000);
  });
  child.stderr?.on('data', (chunk) => {
    output = (output + String(chunk)).slice(-4000);
  });
  const failed = new Promise<never>((_, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      reject(new Error(error.code === 'ENOENT' ? NO_REDIS_HELP : String(error), { cause: error }));
    });
    child.once('exit', (code) => {
      reject(new Error(`redis-server on port ${port} exited with ${code}:\n${output}`));
    });
  });
  failed.catch(() => {});
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
    if (dataDir === undefined) await rm(dir, { recursive: true, force: true });
  };
  try {
    await Promise.race([waitForPing(port), failed]);
  } catch (error) {
    await stop();
    throw error;
  }
  return { port, child, dir, stop };
}

/** Resolves once the server answers PING (or refuses it for want of a password: it is up). */
async function waitForPing(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.setTimeout(1000, () => socket.destroy());
      socket.once('connect', () => socket.write('PING\r\n'));
      socket.once('data', (data) => {
        resolve(String(data));
        socket.destroy();
      });
      socket.once('error', () => resolve(''));
      socket.once('close', () => resolve(''));
    });
    if (answer.startsWith('+PONG') || answer.startsWith('-NOAUTH')) return;
    if (Date.now() > deadline) throw new Error(`redis-server on port ${port} never answered PING`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
