import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../src', import.meta.url));
const files = readdirSync(src).filter((file) => file.endsWith('.ts'));

// The core must run on Node, Bun, Deno and edge runtimes: Web platform APIs only.
describe.each(files)('src/%s', (file) => {
  const source = readFileSync(join(src, file), 'utf8');

  it('imports nothing but its own modules', () => {
    const imports = [...source.matchAll(/from '([^']+)'/g)].map((match) => match[1]);
    for (const specifier of imports) expect(specifier).toMatch(/^\.\/[\w-]+\.js$/);
  });

  it('uses no Node-only global', () => {
    expect(source).not.toMatch(/\b(process\.|Buffer\b|require\(|__dirname|setImmediate\()/);
  });
});
