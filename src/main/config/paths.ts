// Where harombe keeps its files: ~/.harombe, or $HAROMBE_HOME when set (tests always set it).
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export function harombeHome(env: NodeJS.ProcessEnv = process.env): string {
  const override = env['HAROMBE_HOME'];
  return override ? resolve(override) : join(homedir(), '.harombe');
}

/** The config file in use: `--config FILE` when given, else harombe.yaml in the harombe home. */
export function configPath(override?: string, env: NodeJS.ProcessEnv = process.env): string {
  return override ? resolve(override) : join(harombeHome(env), 'harombe.yaml');
}

export function conversationsDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(harombeHome(env), 'conversations');
}
