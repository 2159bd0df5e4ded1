// Whether a failed request broke on our side, while harombe built or sent it, rather than at the node.
// Such a failure says nothing about the node: its circuit, its metrics and failover must not count it (five requests
// whose bodies JSON.stringify could not serialize once opened every circuit of a cluster).

/** Node's argument and header checks: ERR_INVALID_ARG_VALUE, ERR_INVALID_CHAR, ERR_HTTP_INVALID_HEADER_VALUE... */
const LOCAL_ERROR_CODE = /^ERR_(INVALID_|HTTP_INVALID_|OUT_OF_RANGE|UNESCAPED_CHARACTERS|STRING_TOO_LONG|BUFFER_TOO_LARGE)/;

function codeOf(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** A system or socket error: the network or the node failed (ECONNREFUSED, ECONNRESET, EAI_AGAIN, UND_ERR_SOCKET). */
function isNetworkCode(code: string | undefined): boolean {
  if (code === undefined || code.startsWith('ERR_')) return false;
  return code.startsWith('UND_ERR_') || /^E[A-Z_]+$/.test(code);
}

/** The error and its causes, outermost first (a few links: the SDK and fetch each wrap once). */
function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let link = error; link !== undefined && link !== null && chain.length < 10 && !chain.includes(link); ) {
    chain.push(link);
    link = typeof link === 'object' ? (link as { cause?: unknown }).cause : undefined;
  }
  return chain;
}

/**
 * True when the error (or what caused it) is ours: a RangeError (`Maximum call stack size exceeded`, `Invalid string
 * length`), a TypeError (`Converting circular structure to JSON`), or one of Node's argument checks. A network error
 * anywhere in the chain makes it the node's (fetch reports a refused connection as `TypeError: fetch failed`).
 */
export function isLocalFault(error: unknown): boolean {
  const chain = causeChain(error);
  if (chain.some((link) => isNetworkCode(codeOf(link)))) return false;
  return chain.some((link) => {
    if (LOCAL_ERROR_CODE.test(codeOf(link) ?? '')) return true;
    if (link instanceof RangeError) return true;
    // undici's own words for a connection that failed or was cut: the node's doing even without a code.
    return link instanceof TypeError && link.message !== 'fetch failed' && link.message !== 'terminated';
  });
}
