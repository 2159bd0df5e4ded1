import { describe, expect, it } from 'vitest';
import { asInvoked, harombeCommand } from './invocation';

/** process.argv[1] when harombe runs: its bin (npx runs node_modules/.bin/harombe, a link to it). */
const BIN = '/work/harombe/bin/harombe.js';

describe('harombeCommand', () => {
  it('is the form that runs harombe the way it was just run', () => {
    expect(harombeCommand({}, BIN)).toBe('harombe');
    expect(harombeCommand({ npm_command: 'exec', npm_lifecycle_event: 'npx' }, BIN)).toBe('npx harombe');
    expect(harombeCommand({ npm_command: 'exec' }, BIN)).toBe('npx harombe');
    expect(harombeCommand({ npm_command: 'run-script', npm_lifecycle_event: 'harombe' }, BIN)).toBe('npm run harombe --');
    // Run by another script (npm test starting the CLI): not a form a person types.
    expect(harombeCommand({ npm_command: 'run-script', npm_lifecycle_event: 'test' }, BIN)).toBe('harombe');
    expect(harombeCommand({ npm_command: 'exec' }, '/usr/lib/node_modules/.bin/harombe')).toBe('npx harombe');
    expect(harombeCommand({ npm_command: 'exec', npm_lifecycle_script: "'harombe'" }, BIN)).toBe('npx harombe');
    // A harombe started by something npx ran (`npx vitest` spawning the CLI) was not itself run with npx.
    expect(harombeCommand({ npm_command: 'exec', npm_lifecycle_event: 'npx', npm_lifecycle_script: 'vitest' }, BIN)).toBe('harombe');
    // npm's variables reach what npx started (`npx vitest` running this very test): only harombe's own bin counts.
    expect(harombeCommand({ npm_command: 'exec', npm_lifecycle_event: 'npx' }, '/work/harombe/node_modules/vitest/vitest.mjs')).toBe('harombe');
  });
});

describe('asInvoked', () => {
  it('rewrites the commands a hint names in backticks, and nothing else', () => {
    const hint = 'harombe is not running: start it with `harombe start` (or `harombe start --detach`); see `harombe`.';
    expect(asInvoked(hint, { npm_command: 'exec' }, BIN)).toBe('harombe is not running: start it with `npx harombe start` (or `npx harombe start --detach`); see `npx harombe`.');
    expect(asInvoked(hint, {}, BIN)).toBe(hint);
    expect(asInvoked('`harombe-server` and `harombes`', { npm_command: 'exec' }, BIN)).toBe('`harombe-server` and `harombes`');
  });
});
