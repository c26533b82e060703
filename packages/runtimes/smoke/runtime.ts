import type { RuntimeInfo } from './report.js';

// Bun and Deno both define `process.versions.node` for compatibility, so they are asked
// first; the test checks the answer, proving which binary really ran the smoke.
export function describeRuntime(): RuntimeInfo {
  const global = globalThis as {
    Deno?: { version: { deno: string } };
    Bun?: { version: string };
    EdgeRuntime?: unknown;
    process?: { versions?: { node?: string } };
    navigator?: { userAgent?: string };
  };
  if (global.Deno) return { name: 'deno', version: global.Deno.version.deno };
  if (global.Bun) return { name: 'bun', version: global.Bun.version };
  // Vercel's documented check for its Edge Runtime, which has no `process`.
  if (typeof global.EdgeRuntime === 'string') return { name: 'edge', version: global.EdgeRuntime };
  const userAgent = global.navigator?.userAgent;
  if (userAgent === 'Cloudflare-Workers') return { name: 'workerd', version: userAgent };
  const node = global.process?.versions?.node;
  if (node) return { name: 'node', version: node };
  return { name: 'unknown', version: userAgent ?? '' };
}
