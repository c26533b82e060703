const TOKEN_BYTES = 16;
/** Tokens drawn per call to the CSPRNG: one call per token cost a fifth of the core's time. */
const POOL_TOKENS = 256;
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

let pool = new Uint8Array(0);
let offset = 0;

/** A 128-bit token from the platform's CSPRNG (Web Crypto: Node, Bun, Deno, edge runtimes). */
export function randomToken(): string {
  if (offset + TOKEN_BYTES > pool.length) {
    pool = globalThis.crypto.getRandomValues(new Uint8Array(TOKEN_BYTES * POOL_TOKENS));
    offset = 0;
  }
  let hex = '';
  for (let i = offset; i < offset + TOKEN_BYTES; i++) hex += HEX[pool[i] as number];
  offset += TOKEN_BYTES;
  return hex;
}
