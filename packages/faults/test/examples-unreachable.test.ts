import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freePort } from '@mutex/testkit';
import { beforeAll, describe, expect, it } from 'vitest';

// Every example, pointed at a Redis that is not there, must stop with one line saying so,
// not retry for a minute and print a stack trace.

const root = fileURLToPath(new URL('../../..', import.meta.url));
const examples = readdirSync(`${root}/examples`);
let url: string;

beforeAll(async () => {
  url = `redis://127.0.0.1:${await freePort()}`; // nothing listens there now
});

function run(example: string) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(
      `${root}/node_modules/.bin/tsx`,
      ['--conditions=@mutex/source', 'src/main.ts'],
      {
        cwd: `${root}/examples/${example}`,
        env: { ...process.env, REDIS_URL: url },
        timeout: 30_000,
      },
      (_error, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }),
    );
  });
}

describe('examples with REDIS_URL pointing at nothing', () => {
  it('there are examples to run', () => {
    expect(examples).toContain('quickstart');
    expect(examples.length).toBeGreaterThanOrEqual(8);
  });

  it.each(examples)('%s exits 1 with one line naming REDIS_URL and the cause', async (example) => {
    const { code, stdout, stderr } = await run(example);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(`^REDIS_URL=${url.replaceAll('.', '\\.')} cannot be used: connect ECONNREFUSED`),
      ),
    ]);
  });
});
