// What to do about a node's state, in words: the server's reason says what went wrong, this says how to fix it.
import type { NodeStatus } from '../../../../../shared/cluster-schema';

type FixedNode = Pick<NodeStatus, 'kind' | 'host' | 'port' | 'model'> & { health: Pick<NodeStatus['health'], 'status' | 'reason' | 'model_ok'> & { fix?: string | null } };

/** The fix for a node that is not available, or undefined when there is nothing to do (or nothing known yet). */
export function nodeFix(node: FixedNode): string | undefined {
  const { health, kind, host, port, model } = node;
  if (health.status === 'available' || health.status === 'unknown') return undefined;
  if (health.fix) return health.fix;
  const reason = health.reason;
  if (/\b(401|403)\b|unauthori[sz]ed|forbidden/i.test(reason)) {
    return kind === 'harombe'
      ? `401 — the auth_token does not match: set this node's auth_token to server.auth_token in ${host}'s harombe.yaml.`
      : `401 — the auth_token does not match: set this node's auth_token to the key ${host} expects.`;
  }
  if (health.model_ok === false || /not pulled|not found.*model|model.*not found/i.test(reason)) {
    return kind === 'openai'
      ? `${host} does not serve ${model}: pick one of the models it lists, or load ${model} there.`
      : `Model ${model} is not pulled there — run \`ollama pull ${model}\` on ${host}.`;
  }
  if (/ENOTFOUND|EAI_AGAIN|getaddrinfo/i.test(reason)) return `The name ${host} does not resolve: use the machine's IP address, or fix its DNS name.`;
  if (/ETIMEDOUT|timed out|timeout|EHOSTUNREACH|ENETUNREACH/i.test(reason)) {
    return `No answer from ${host}:${port} in time: is the machine awake and on this network? Check its firewall allows port ${port}.`;
  }
  if (/ECONNREFUSED|ECONNRESET|Cannot reach|connection refused|socket/i.test(reason)) {
    if (kind === 'harombe') return `Connection refused — is \`harombe start\` running on ${host} (port ${port})?`;
    if (kind === 'ollama') return `Connection refused — is Ollama running on ${host}? Run \`OLLAMA_HOST=0.0.0.0 ollama serve\` there.`;
    return `Connection refused — is the server on ${host}:${port} running?`;
  }
  if (/^slow/i.test(reason)) return `${host} is busy or ${model} is large for it: give it fewer requests, a smaller model, or a higher tier.`;
  if (/^recovering/i.test(reason)) return 'Nothing to do: it answers again, and is available after a few clean checks.';
  return undefined;
}
