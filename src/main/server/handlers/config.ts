// GET /config with secrets redacted, PUT /config validated and saved (a secret sent back redacted keeps its value).
import { REDACTED, SECRET_KEYS, type ConfigResponse, type HarombeConfig } from '../../../shared';
import { ApiError, describeFailure } from '../api-error';
import type { ConfigService } from '../services';

const SECRETS: ReadonlySet<string> = new Set(SECRET_KEYS);

type Json = unknown;

function isRecord(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function redact(value: Json): Json {
  if (Array.isArray(value)) return value.map(redact);
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, SECRETS.has(key) && typeof item === 'string' ? REDACTED : redact(item)]),
  );
}

export function redactConfig(config: HarombeConfig): HarombeConfig {
  return redact(config) as HarombeConfig;
}

/** The matching element of the current config: same `name` (nodes may be reordered), else the same index. */
function counterpart(current: Json, item: Json, index: number): Json {
  if (!Array.isArray(current)) return undefined;
  if (isRecord(item) && typeof item['name'] === 'string') return current.find((other) => isRecord(other) && other['name'] === item['name']);
  return current[index];
}

function restore(value: Json, current: Json, path: (string | number)[]): Json {
  if (Array.isArray(value)) return value.map((item, index) => restore(item, counterpart(current, item, index), [...path, index]));
  if (!isRecord(value)) return value;
  const currentRecord = isRecord(current) ? current : {};
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => {
      if (SECRETS.has(key) && item === REDACTED) {
        const kept = currentRecord[key];
        if (typeof kept !== 'string') {
          const where = ['config', ...path, key];
          throw new ApiError(400, 'invalid_request', `${where.join('.')} is the redacted placeholder, but there is no saved value to keep`, {
            issues: [{ path: where, message: 'send the real secret, or leave the key out' }],
            hint: 'Send the real secret, or leave the key out.',
          });
        }
        return [key, kept];
      }
      return [key, restore(item, currentRecord[key], [...path, key])];
    }),
  );
}

/** Puts back the secrets a client received redacted and sent back unchanged. */
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

export async function putConfig(config: ConfigService, requested: HarombeConfig): Promise<ConfigResponse> {
  const before = config.get();
  const next = restoreSecrets(requested, before);
  try {
    await config.update(next);
  } catch (error) {
    const failure = describeFailure(error);
    throw new ApiError(500, 'config_not_saved', `The config was not changed: ${failure.message}`, {
      hint: failure.hint ?? `Check that ${config.path ?? 'the config file'} and its folder are writable.`,
    });
  }
  return describe(config, restartRequired(before, next));
}
