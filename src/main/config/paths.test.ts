// Where harombe looks for its files: the home, the config file and the conversations, from the environment and --config.
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configPath, conversationsDir, harombeHome } from './paths';

describe('harombe paths', () => {
  it('uses ~/.harombe unless HAROMBE_HOME is set (and not empty), made absolute', () => {
    expect(harombeHome({})).toBe(join(homedir(), '.harombe'));
    expect(harombeHome({ HAROMBE_HOME: '' })).toBe(join(homedir(), '.harombe'));
    expect(harombeHome({ HAROMBE_HOME: 'relative/home' })).toBe(resolve('relative/home'));
  });

  it('reads harombe.yaml in the home unless --config names another file', () => {
    expect(configPath(undefined, { HAROMBE_HOME: '/srv/harombe' })).toBe('/srv/harombe/harombe.yaml');
    expect(configPath('', { HAROMBE_HOME: '/srv/harombe' })).toBe('/srv/harombe/harombe.yaml');
    expect(configPath('conf/other.yaml', { HAROMBE_HOME: '/srv/harombe' })).toBe(resolve('conf/other.yaml'));
  });

  it('keeps conversations in the home', () => {
    expect(conversationsDir({ HAROMBE_HOME: '/srv/harombe' })).toBe('/srv/harombe/conversations');
  });
});
