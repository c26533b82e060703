// What a failure to reach Redis means, and what to do about it. Transports report the same
// few causes with the same codes (Node, Bun and Deno share libuv's and the DNS resolver's
// names; fetch puts them in its error's `cause`), so adapters share one table.

const BY_CODE: Readonly<Record<string, string>> = {
  ECONNREFUSED:
    'nothing accepts connections at that address: is Redis running there, and are the host and port right?',
  ENOTFOUND: 'the host name does not resolve: check the host in the URL or options',
  EAI_AGAIN: 'the host name could not be resolved (DNS did not answer): check the host and DNS',
  ETIMEDOUT: 'the host did not answer: check the host, the port and any firewall in between',
  EHOSTUNREACH: 'the host cannot be reached: check the host and the network',
  ENETUNREACH: 'the network cannot be reached: check the host and the network',
  ECONNRESET:
    'the server cut the connection: is that port a Redis, and does it want TLS (rediss://)?',
  EPIPE: 'the server cut the connection: is that port a Redis, and does it want TLS (rediss://)?',
  CERT_HAS_EXPIRED: "the server's TLS certificate has expired",
  DEPTH_ZERO_SELF_SIGNED_CERT:
    "the server's TLS certificate is self-signed: give the client its CA (tls.ca)",
  SELF_SIGNED_CERT_IN_CHAIN:
    "the server's TLS certificate chain is self-signed: give the client its CA (tls.ca)",
  UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    "the server's TLS certificate cannot be verified: give the client its CA (tls.ca)",
  ERR_TLS_CERT_ALTNAME_INVALID:
    "the server's TLS certificate is for another host name: connect by the name it was issued for",
};

const REPLY_HINTS: ReadonlyArray<readonly [RegExp, string]> = [
  [
    /^(NOAUTH|WRONGPASS)\b|unauthenticated/,
    'check the password (and ACL user name) the client connects with',
  ],
  [
    /^NOPERM\b/,
    "the client's ACL user may not run this: grant it the commands, keys and channels the README's Security section lists",
  ],
  [/^READONLY\b/, 'the client is connected to a replica: connect it to the primary'],
];

function codeOf(error: unknown): string | undefined {
  const { code } = (error ?? {}) as { code?: unknown };
  return typeof code === 'string' ? code : undefined;
}

/**
 * The error that says why a connection failed: `error` itself or, for fetch's generic
 * "fetch failed", its `cause`.
 */
function connectionFailure(error: unknown): { message: string; hint: string } | undefined {
  for (let candidate = error, depth = 0; candidate != null && depth < 3; depth++) {
    const hint = BY_CODE[codeOf(candidate) ?? ''];
    if (hint !== undefined && candidate instanceof Error) {
      return { message: candidate.message, hint };
    }
    candidate = (candidate as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * What a transport's error says about reaching Redis, with what to do (for example
 * `connect ECONNREFUSED 127.0.0.1:1: nothing accepts connections at that address: is Redis
 * running there...`), or undefined when it is not a connection failure this library knows.
 */
export function explainConnectionError(error: unknown): string | undefined {
  const failure = connectionFailure(error);
  return failure && `${failure.message}: ${failure.hint}`;
}

/** What to do about an error reply from Redis itself (authentication, ACL, a replica). */
export function replyHint(message: string): string | undefined {
  return REPLY_HINTS.find(([pattern]) => pattern.test(message))?.[1];
}
