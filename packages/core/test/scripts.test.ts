import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { LOCK_SCRIPTS } from '../src/adapter.js';

describe('Lua scripts', () => {
  it.each(LOCK_SCRIPTS.map((script) => [script.name, script] as const))(
    '%s has its pinned SHA1',
    (_, script) => {
      expect(script.sha1).toBe(createHash('sha1').update(script.source).digest('hex'));
    },
  );

  it('never splice a value into the source or run built code: values arrive as KEYS and ARGV', () => {
    for (const script of LOCK_SCRIPTS) {
      expect(script.source).not.toMatch(/\$\{|loadstring|\beval\b/);
    }
  });
});

describe('tokens', () => {
  it('are 32 hex digits (128 bits) and do not repeat across pool refills', async () => {
    const { randomToken } = await import('../src/token.js');
    const tokens = new Set(Array.from({ length: 2000 }, () => randomToken()));
    expect(tokens.size).toBe(2000);
    for (const token of tokens) expect(token).toMatch(/^[0-9a-f]{32}$/);
  });
});
