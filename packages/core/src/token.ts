const TOKEN_BYTES = 16;

/** A 128-bit token from the platform's CSPRNG (Web Crypto: Node, Bun, Deno, edge runtimes). */
export function randomToken(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(TOKEN_BYTES));
  let hex = '';
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
