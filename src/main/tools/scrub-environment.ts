// The environment a shell command gets: the parent's, minus anything that looks like a secret.
/** Names dropped from a command's environment: *_TOKEN, *_KEY, *_SECRET, *PASSWORD* and close relatives. */
export const SECRET_NAME_PATTERNS: readonly RegExp[] = [
  /(^|_)TOKEN$/i,
  /(^|_)KEY$/i,
  /(^|_)SECRET$/i,
  /PASSWORD/i,
  /PASSWD/i,
  /(^|_)CREDENTIALS?$/i,
];

export interface ScrubOptions {
  /** Values to drop wherever they appear (e.g. the server's auth token), whatever the variable is called. */
  secrets?: readonly string[];
  namePatterns?: readonly RegExp[];
}

// A short "secret" would match half the environment by accident; short ones must match a whole value.
const MIN_SECRET_LENGTH_FOR_SUBSTRING = 8;

function holdsSecret(value: string, secrets: readonly string[]): boolean {
  return secrets.some((secret) => secret !== '' && (value === secret || (secret.length >= MIN_SECRET_LENGTH_FOR_SUBSTRING && value.includes(secret))));
}

export function scrubEnvironment(environment: NodeJS.ProcessEnv, options: ScrubOptions = {}): Record<string, string> {
  const patterns = options.namePatterns ?? SECRET_NAME_PATTERNS;
  const secrets = options.secrets ?? [];
  const scrubbed: Record<string, string> = {};
  for (const [name, value] of Object.entries(environment)) {
    if (value === undefined) continue;
    if (patterns.some((pattern) => pattern.test(name))) continue;
    if (holdsSecret(value, secrets)) continue;
    scrubbed[name] = value;
  }
  return scrubbed;
}
