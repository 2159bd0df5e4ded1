// A copy of the config safe to show or log: every secret replaced by REDACTED — keys named in SECRET_KEYS (auth_token)
// at any depth, and every value of the maps in SECRET_MAPS (an MCP server's env and headers) whatever its name.
import { REDACTED, SECRET_KEYS, SECRET_MAPS } from '../../shared';

type Path = readonly (string | number)[];

const secretKeys: ReadonlySet<string> = new Set(SECRET_KEYS);

/** Whether the value at `path` is a map whose values are all secrets (`['mcp', 'github', 'env']`). */
export function isSecretMap(path: Path): boolean {
  return SECRET_MAPS.some((pattern) => pattern.length === path.length && pattern.every((segment, index) => segment === '*' || segment === path[index]));
}

function isSet(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function redact(value: unknown, path: Path): unknown {
  if (Array.isArray(value)) return value.map((item, index) => redact(item, [...path, index]));
  if (typeof value !== 'object' || value === null) return value;
  const allSecret = isSecretMap(path);
  const copy: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    // An unset secret stays unset, so the copy still tells whether a token is configured.
    copy[key] = (allSecret || secretKeys.has(key)) && isSet(child) ? REDACTED : redact(child, [...path, key]);
  }
  return copy;
}

/** Deep copy of `config` with secrets redacted (server.auth_token, cluster.nodes[].auth_token, mcp.*.env, mcp.*.headers). */
export function redactConfig<T>(config: T): T {
  return redact(config, []) as T;
}

/**
 * Every secret value in `config`, longest first, for hiding them in text harombe did not write itself (an MCP server's
 * stderr that echoes its API key). Values under 4 characters are left out: hiding `1` would garble every number.
 */
export function secretValues(config: unknown): string[] {
  const found = new Set<string>();
  const walk = (value: unknown, path: Path): void => {
    if (Array.isArray(value)) value.forEach((item, index) => walk(item, [...path, index]));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
    const allSecret = isSecretMap(path);
    for (const [key, child] of Object.entries(value)) {
      if ((allSecret || secretKeys.has(key)) && typeof child === 'string') found.add(child);
      else walk(child, [...path, key]);
    }
  };
  walk(config, []);
  return [...found].filter((secret) => secret.length >= 4).sort((first, second) => second.length - first.length);
}

/** `text` with every one of `secrets` (see secretValues) replaced by REDACTED. */
export function hideSecrets(text: string, secrets: readonly string[]): string {
  return secrets.reduce((hidden, secret) => hidden.split(secret).join(REDACTED), text);
}

/** A copy of `value` (plain data: a status, an error body) with `secrets` hidden in every string in it. */
export function hideSecretsIn<T>(value: T, secrets: readonly string[]): T {
  if (secrets.length === 0) return value;
  const hide = (item: unknown): unknown => {
    if (typeof item === 'string') return hideSecrets(item, secrets);
    if (Array.isArray(item)) return item.map(hide);
    if (typeof item !== 'object' || item === null) return item;
    return Object.fromEntries(Object.entries(item).map(([key, child]) => [key, hide(child)]));
  };
  return hide(value) as T;
}
