import { describe, expect, it } from 'vitest';
import { REDACTED } from '../../shared';
import { parseConfigText } from './load-config';
import { redactConfig } from './redact-config';

describe('redactConfig', () => {
  const text = [
    'server:',
    '  auth_token: server-secret',
    'cluster:',
    '  nodes:',
    '    - name: a',
    '      host: h',
    '      model: m',
    '      tier: 0',
    '      auth_token: node-secret',
    '    - name: b',
    '      host: h',
    '      model: m',
    '      tier: 1',
  ].join('\n');

  it('replaces every auth_token at any depth and leaves the rest', () => {
    const { config } = parseConfigText(text, 'harombe.yaml');
    const redacted = redactConfig(config);
    expect(redacted.server.auth_token).toBe(REDACTED);
    expect(redacted.cluster?.nodes[0]?.auth_token).toBe(REDACTED);
    expect(redacted.cluster?.nodes[1]).not.toHaveProperty('auth_token');
    expect(JSON.stringify(redacted)).not.toMatch(/server-secret|node-secret/);
    expect({ ...redacted, server: config.server, cluster: config.cluster }).toEqual(config);
  });

  it('is a copy: the original keeps its secrets', () => {
    const { config } = parseConfigText(text, 'harombe.yaml');
    redactConfig(config);
    expect(config.server.auth_token).toBe('server-secret');
    expect(config.cluster?.nodes[0]?.auth_token).toBe('node-secret');
  });
});
