// How this harombe was started (`harombe`, `npx harombe`, `npm run harombe --`), so every hint it prints can be run as is.
import { basename } from 'node:path';

/**
 * The command a person types to run harombe again the way they just did. npm tells a child how it was run:
 * `npx` and `npm exec` set npm_command=exec and the command in npm_lifecycle_script; `npm run harombe -- …` sets
 * npm_command=run-script with the script's name in npm_lifecycle_event. Anything else ran `harombe` from PATH
 * (npm link, a global install) or bin/harombe.js.
 */
export function harombeCommand(env: NodeJS.ProcessEnv = process.env, script = process.argv[1] ?? 'harombe'): string {
  // npm's variables reach everything it starts: under `npx vitest` they describe vitest, not harombe.
  if (!/^harombe(\.m?js)?$/.test(basename(script))) return 'harombe';
  // npx puts the command it ran, shell-quoted, in npm_lifecycle_script: 'harombe' for `npx harombe …`, 'vitest'…
  const ranByNpx = ((env['npm_lifecycle_script'] ?? 'harombe').trim().split(/\s+/)[0] ?? '').replace(/^(['"])(.*)\1$/, '$2');
  if (env['npm_command'] === 'exec' && /^harombe(\.m?js)?$/.test(basename(ranByNpx))) return 'npx harombe';
  if (env['npm_command'] === 'run-script' && env['npm_lifecycle_event'] === 'harombe') return 'npm run harombe --';
  return 'harombe';
}

/** Hints name commands in backticks (`harombe stop`); these become the form that works here (`npx harombe stop`). */
export function asInvoked(text: string, env: NodeJS.ProcessEnv = process.env, script?: string): string {
  const command = harombeCommand(env, script);
  return command === 'harombe' ? text : text.replace(/`harombe(?=[ `])/g, `\`${command}`);
}
