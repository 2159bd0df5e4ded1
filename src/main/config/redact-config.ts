// A copy of the config safe to show or log: every secret (SECRET_KEYS, e.g. auth_token) replaced by REDACTED.
import { REDACTED, SECRET_KEYS } from '../../shared';

const secretKeys: ReadonlySet<string> = new Set(SECRET_KEYS);

function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    // An unset secret stays unset, so the copy still tells whether a token is configured.
    copy[key] = secretKeys.has(key) && child !== undefined && child !== null ? REDACTED : redact(child);
  }
  return copy;
}

/** Deep copy of `config` with secrets redacted, at any depth (server.auth_token, cluster.nodes[].auth_token). */
export function redactConfig<T>(config: T): T {
  return redact(config) as T;
}
