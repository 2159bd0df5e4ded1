// GET /config with secrets redacted, PUT /config validated and saved (a secret sent back redacted keeps its value
// only while it still goes where it went).
import { isDeepStrictEqual } from 'node:util';
import { REDACTED, SECRET_KEYS, type ConfigResponse, type HarombeConfig } from '../../../shared';
import { ConfigError, formatConfigProblem, isSecretMap, redactConfig } from '../../config';
import { ApiError, describeFailure } from '../api-error';
import type { ConfigService } from '../services';

export { redactConfig };

const SECRETS: ReadonlySet<string> = new Set(SECRET_KEYS);

type Json = unknown;

function isRecord(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The matching element of the current config: same `name` (nodes may be reordered), else the same index. */
function counterpart(current: Json, item: Json, index: number): Json {
  if (!Array.isArray(current)) return undefined;
  if (isRecord(item) && typeof item['name'] === 'string') return current.find((other) => isRecord(other) && other['name'] === item['name']);
  return current[index];
}

function redactedSecretRefused(where: (string | number)[], message: string, fix: string): ApiError {
  return new ApiError(400, 'invalid_request', `${where.join('.')} ${message}`, { issues: [{ path: where, message: fix }], hint: `Please ${fix}.` });
}

/**
 * The keys beside a secret that say where harombe sends it: a cluster node's token goes to its kind of server at its
 * host (scheme included) and port; an MCP server's env and headers to its command and args, or its url.
 * server.auth_token is only compared with what clients send, never sent anywhere.
 */
function destinationKeys(path: (string | number)[]): readonly string[] {
  if (path[0] === 'cluster' && path[1] === 'nodes' && path.length === 3) return ['kind', 'host', 'port'];
  if (path[0] === 'mcp' && path.length === 2) return ['command', 'args', 'url'];
  return [];
}

function shown(value: Json): string {
  return Array.isArray(value) ? value.map(String).join(' ') : String(value);
}

/** How the record's destination differs from the saved one's (`host 10.0.0.5 → evil.example`), or undefined. */
function changedDestination(path: (string | number)[], record: Record<string, Json>, saved: Record<string, Json>): string | undefined {
  const changes = destinationKeys(path)
    .filter((key) => !isDeepStrictEqual(record[key], saved[key]))
    .map((key) => `${key} ${shown(saved[key])} → ${shown(record[key])}`);
  return changes.length > 0 ? changes.join(', ') : undefined;
}

/** `ownerMoved`: for a map of secrets (mcp.*.env), how the server that owns it changed destination. */
function restore(value: Json, current: Json, path: (string | number)[], ownerMoved?: string): Json {
  if (Array.isArray(value)) return value.map((item, index) => restore(item, counterpart(current, item, index), [...path, index]));
  if (!isRecord(value)) return value;
  const currentRecord = isRecord(current) ? current : {};
  const allSecret = isSecretMap(path);
  const moved = allSecret ? ownerMoved : changedDestination(path, value, currentRecord);
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => {
      if ((allSecret || SECRETS.has(key)) && item === REDACTED) {
        const kept = currentRecord[key];
        const where = ['config', ...path, key];
        if (typeof kept !== 'string') {
          throw redactedSecretRefused(where, 'is the redacted placeholder, but there is no saved value to keep', 'send the real secret, or leave the key out');
        }
        // The saved secret was meant for one place; pointing the record elsewhere must not carry it along.
        if (moved) {
          throw redactedSecretRefused(
            where,
            `is the redacted placeholder, but where it is sent changed (${moved}); the saved secret is only kept for the same destination`,
            'send the secret for the new destination again, or leave the key out',
          );
        }
        return [key, kept];
      }
      return [key, restore(item, currentRecord[key], [...path, key], moved)];
    }),
  );
}

/** Puts back the secrets a client received redacted and sent back unchanged, for the same destination only. */
export function restoreSecrets(next: HarombeConfig, current: HarombeConfig): HarombeConfig {
  return restore(next, current, []) as HarombeConfig;
}

/** Settings read once at start-up: the listening address. */
function restartRequired(before: HarombeConfig, after: HarombeConfig): string[] {
  const changed: string[] = [];
  if (before.server.host !== after.server.host) changed.push('server.host');
  if (before.server.port !== after.server.port) changed.push('server.port');
  return changed;
}

function describe(config: ConfigService, restart: string[] = []): ConfigResponse {
  return {
    config: redactConfig(config.get()),
    ...(config.path ? { path: config.path } : {}),
    ...(restart.length > 0 ? { restart_required: restart } : {}),
  };
}

export function getConfig(config: ConfigService): ConfigResponse {
  return describe(config);
}

/** `cluster.nodes[0].host` → ['cluster', 'nodes', 0, 'host'] */
function keyPathSegments(keyPath: string): (string | number)[] {
  return [...keyPath.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((match) => (match[2] === undefined ? match[1]! : Number(match[2])));
}

/** The runtime refused the config (it could not run it): nothing was saved, and each problem names its key. */
function configRefused(error: ConfigError): ApiError {
  const issues = error.problems.map((problem) => ({ path: ['config', ...keyPathSegments(problem.keyPath)], message: problem.message }));
  const summary = error.problems.map((problem) => (problem.keyPath ? `${problem.keyPath}: ${problem.message}` : problem.message)).join('; ');
  return new ApiError(400, 'invalid_request', `The config was not changed: ${summary}`, {
    issues,
    hint: 'Fix the listed fields and send the config again.',
  });
}

/** POST /config/reload: harombe.yaml as it is now on disk, applied (after a hand edit or `harombe mcp import`). */
export async function reloadConfig(config: ConfigService): Promise<ConfigResponse> {
  const before = config.get();
  const file = config.path ?? 'harombe.yaml';
  try {
    await config.reload();
  } catch (error) {
    if (error instanceof ConfigError) {
      const errors = error.problems.filter((problem) => problem.severity !== 'warning');
      throw new ApiError(400, 'invalid_config', `${file} was not applied, the config in use is kept: ${(errors.length > 0 ? errors : error.problems).map(formatConfigProblem).join('; ')}`, {
        hint: `Fix ${file} (\`harombe config validate\` lists every problem), then reload again.`,
      });
    }
    const failure = describeFailure(error);
    throw new ApiError(500, 'config_not_reloaded', `${file} was not applied, the config in use is kept: ${failure.message}`, {
      hint: failure.hint ?? `Check that ${file} is readable.`,
    });
  }
  return describe(config, restartRequired(before, config.get()));
}

/** `update` either saves and applies the change or throws having changed nothing (file and running config alike). */
export async function putConfig(config: ConfigService, requested: HarombeConfig): Promise<ConfigResponse> {
  const before = config.get();
  const next = restoreSecrets(requested, before);
  try {
    await config.update(next);
  } catch (error) {
    if (error instanceof ConfigError) throw configRefused(error);
    const failure = describeFailure(error);
    throw new ApiError(500, 'config_not_saved', `The config was not changed: ${failure.message}`, {
      hint: failure.hint ?? `Check that ${config.path ?? 'the config file'} and its folder are writable.`,
    });
  }
  return describe(config, restartRequired(before, next));
}
