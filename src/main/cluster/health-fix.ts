// What a person can do about a node's health problem, in words: one fix per failure class the health judgement and
// `harombe cluster test` know. Pure, so each class is a row in a table test.
import type { NodeConfig, NodeSource } from '../../shared';

/** Why a node cannot serve, as far as a fix goes. */
export type HealthProblem =
  | { kind: 'refused' }
  | { kind: 'dns' }
  | { kind: 'unreachable' }
  | { kind: 'timeout' }
  | { kind: 'auth' }
  | { kind: 'tls' }
  /** Something answers there, but not the kind of server the config says (a 404, not JSON, the wrong shape). */
  | { kind: 'wrong_server' }
  | { kind: 'model_missing'; served: readonly string[] }
  /** A harombe node that answers but whose own model server is down (or lacks its model). */
  | { kind: 'model_server_down' }
  | { kind: 'slow' }
  | { kind: 'unknown' };

export type FixedNode = Pick<NodeConfig, 'name' | 'kind' | 'host' | 'port' | 'model'> & {
  /** `local`: this machine's own Ollama (ollama.host), fixed here rather than in cluster.nodes. */
  source?: NodeSource;
};

const SERVER_NAMES: Record<NodeConfig['kind'], string> = { harombe: 'harombe', ollama: 'Ollama', openai: 'the model server' };

/** Error codes (and phrases) a failed check's message carries, by the class they mean. */
const DNS_CODES = /\b(ENOTFOUND|EAI_AGAIN|EAI_NONAME|EAI_FAIL)\b/;
const UNREACHABLE_CODES = /\b(EHOSTUNREACH|ENETUNREACH|EADDRNOTAVAIL|EHOSTDOWN)\b/;
const TLS_WORDS = /\b(EPROTO|CERT_[A-Z_]+|ERR_TLS_[A-Z_]+|ERR_SSL_[A-Z_]+|UNABLE_TO_[A-Z_]+|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)\b|\b(TLS|SSL)\b|certificate|wrong version number/i;

/**
 * The class of a failed check, read from its message (the probe's own words: `Cannot reach … (ECONNREFUSED)`, `No
 * answer from … in time.`, `… refused the health check (401)`, `… answered 404`, `… did not answer like …`).
 */
export function classifyCheckFailure(message: string): HealthProblem {
  if (DNS_CODES.test(message)) return { kind: 'dns' };
  if (UNREACHABLE_CODES.test(message)) return { kind: 'unreachable' };
  if (/\bECONNREFUSED\b|connection refused/i.test(message)) return { kind: 'refused' };
  if (TLS_WORDS.test(message)) return { kind: 'tls' };
  if (/\bETIMEDOUT\b|No answer from .* (in time|within)|timed out/i.test(message)) return { kind: 'timeout' };
  if (/\((401|403)\)|HTTP (401|403)\b|\b(401|403)\b.*(token|key|unauthori[sz]ed|forbidden)/i.test(message)) return { kind: 'auth' };
  if (/answered 404|did not answer like/.test(message)) return { kind: 'wrong_server' };
  return { kind: 'unknown' };
}

/** Start the server there, or point the node at where it runs. */
export function startFix(node: FixedNode): string {
  const where = `host and port of ${node.name} in cluster.nodes (now ${node.host}:${node.port})`;
  switch (node.kind) {
    case 'harombe':
      return `Run \`harombe start\` on ${node.host} with server.host: 0.0.0.0, or correct the ${where}.`;
    case 'ollama':
      return `Run \`ollama serve\` on ${node.host} (with OLLAMA_HOST=0.0.0.0 to let other machines in), or correct the ${where}.`;
    case 'openai':
      return `Start the server on ${node.host}, or correct the ${where}.`;
  }
}

/** Nothing listens at the node's address. */
export function refusedFix(node: FixedNode): string {
  if (node.source === 'local') {
    return `Is \`ollama serve\` running on this machine (${node.host}:${node.port})? Start it, or set ollama.host in harombe.yaml to where it runs.`;
  }
  const correct = `or correct the host and port of ${node.name} in cluster.nodes`;
  switch (node.kind) {
    case 'harombe':
      return `Is \`harombe start\` running on ${node.host}:${node.port}? Start it there with server.host: 0.0.0.0, ${correct}.`;
    case 'ollama':
      return `Is \`ollama serve\` running on ${node.host}:${node.port}? Start it there with OLLAMA_HOST=0.0.0.0, ${correct}.`;
    case 'openai':
      return `Is the model server running on ${node.host}:${node.port}? Start it, ${correct}.`;
  }
}

export function authFix(node: FixedNode): string {
  return node.kind === 'harombe'
    ? `The auth_token of ${node.name} in harombe.yaml does not match the node's server.auth_token: set it to that node's server.auth_token.`
    : `Set auth_token of ${node.name} in cluster.nodes to the key the server expects.`;
}

export function modelFix(node: FixedNode, served: readonly string[]): string {
  const other = served.length ? ` (it serves ${served.slice(0, 5).join(', ')})` : '';
  switch (node.kind) {
    case 'ollama':
      return `Run \`ollama pull ${node.model}\` on ${node.host}, or set the model of ${node.name} to one it has${other}.`;
    case 'harombe':
      return `Set model.name: ${node.model} in that node's harombe.yaml, or set the model of ${node.name} to what it serves${other}.`;
    case 'openai':
      return `Set the model of ${node.name} in cluster.nodes to one the server lists${other}.`;
  }
}

export function wrongServerFix(node: FixedNode): string {
  return `Check the kind (${node.kind}) and port (${node.port}) of ${node.name} in cluster.nodes: is ${SERVER_NAMES[node.kind]} what answers there?`;
}

/** The fix for a problem, or null when there is nothing a person can usefully do (yet). */
export function healthFix(node: FixedNode, problem: HealthProblem): string | null {
  switch (problem.kind) {
    case 'refused':
      return refusedFix(node);
    case 'dns':
      return `${node.host} is not a name this machine can resolve: correct the host of ${node.name} in cluster.nodes (a typo?), or use the machine's IP address.`;
    case 'unreachable':
      return `There is no route to ${node.host}: is that machine on and on this network? Otherwise correct the host of ${node.name} in cluster.nodes.`;
    case 'timeout':
      return `${node.host}:${node.port} did not answer in time: is the machine asleep or overloaded, or a firewall dropping port ${node.port}?`;
    case 'auth':
      return authFix(node);
    case 'tls':
      return `The TLS handshake with ${node.host}:${node.port} failed: harombe reaches nodes over plain http, so point ${node.name} at the server's http port, or put a certificate this machine trusts on it.`;
    case 'wrong_server':
      return wrongServerFix(node);
    case 'model_missing':
      return modelFix(node, problem.served);
    case 'model_server_down':
      return `Start the model server on ${node.host} (\`ollama serve\`), and \`ollama pull ${node.model}\` there if it lacks the model; \`harombe doctor\` on that machine says which.`;
    case 'slow':
      return `${node.name} answers slowly: it may be busy or its model too large for it; a smaller model, or a higher tier for it, helps.`;
    case 'unknown':
      return null;
  }
}
