import { describe, expect, it } from 'vitest';
import { REDACTED } from '../../shared';
import { parseConfigText } from './load-config';
import { hideSecrets, hideSecretsIn, redactConfig, secretValues } from './redact-config';

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

describe('redactConfig: MCP servers', () => {
  const text = [
    'mcp:',
    '  github:',
    '    command: npx',
    '    args: [-y, "@modelcontextprotocol/server-github"]',
    '    env:',
    '      GITHUB_PERSONAL_ACCESS_TOKEN: ghp-env-secret',
    '      LOG_LEVEL: debug-env-secret',
    '  remote:',
    '    url: https://mcp.example.com/mcp',
    '    headers:',
    '      Authorization: Bearer header-secret',
    '      X-Region: eu-header-secret',
  ].join('\n');

  it('hides every env and headers value whatever its name, keeping the names and the rest', () => {
    const { config } = parseConfigText(text, 'harombe.yaml');
    const redacted = redactConfig(config);
    expect(redacted.mcp['github']?.env).toEqual({ GITHUB_PERSONAL_ACCESS_TOKEN: REDACTED, LOG_LEVEL: REDACTED });
    expect(redacted.mcp['remote']?.headers).toEqual({ Authorization: REDACTED, 'X-Region': REDACTED });
    expect(JSON.stringify(redacted)).not.toMatch(/-secret/);
    expect(redacted.mcp['github']?.args).toEqual(['-y', '@modelcontextprotocol/server-github']);
    expect(redacted.mcp['remote']?.url).toBe('https://mcp.example.com/mcp');
    expect(config.mcp['github']?.env['LOG_LEVEL']).toBe('debug-env-secret');
  });

  it('leaves keys named env or headers elsewhere alone (a per-tool override named env)', () => {
    const { config } = parseConfigText(['mcp:', '  s:', '    command: x', '    tools:', '      env: { dangerous: false }'].join('\n'), 'harombe.yaml');
    expect(redactConfig(config).mcp['s']?.tools).toEqual({ env: { dangerous: false, enabled: true } });
  });
});

describe('secretValues and hideSecrets', () => {
  it('hide every configured secret in text harombe did not write (a server echoing its key)', () => {
    const { config } = parseConfigText(
      ['server:', '  auth_token: server-secret', 'mcp:', '  gh:', '    command: x', '    env: { TOKEN: ghp_abc123, SHORT: "1" }', '  web:', '    url: http://127.0.0.1:1/mcp', '    headers: { Authorization: Bearer ghp_abc123XYZ }'].join('\n'),
      'harombe.yaml',
    );
    const secrets = secretValues(config);
    expect(secrets).toEqual(['Bearer ghp_abc123XYZ', 'server-secret', 'ghp_abc123']);
    expect(hideSecrets('using ghp_abc123 and Bearer ghp_abc123XYZ; 1 server', secrets)).toBe(`using ${REDACTED} and ${REDACTED}; 1 server`);
  });
});

describe('hideSecretsIn', () => {
  it('hides the secrets in every string of plain data, keys and other values kept', () => {
    const status = { name: 'gh', status: 'failed', reason: 'stopped: bad token ghp_abc123', stderr_tail: ['using ghp_abc123', 'bye'], tools: [], enabled: true };
    expect(hideSecretsIn(status, ['ghp_abc123'])).toEqual({ ...status, reason: `stopped: bad token ${REDACTED}`, stderr_tail: [`using ${REDACTED}`, 'bye'] });
    expect(status.reason).toBe('stopped: bad token ghp_abc123');
  });
});

// What /config, `harombe config` and the MCP status show: a secret is dots wherever it sits, an unset one is not
// dressed up as set, and nothing in between breaks on an empty value.
describe('secrets as a person meets them', () => {
  it('an unset token is shown as unset, not as dots (so /config can say no token is configured)', () => {
    const redacted = redactConfig({ server: { port: 8000, auth_token: undefined }, cluster: { nodes: [{ name: 'a', auth_token: null }] } });
    expect(redacted.server).toEqual({ port: 8000, auth_token: undefined });
    expect(redacted.cluster.nodes[0]).toEqual({ name: 'a', auth_token: null });
    expect(secretValues({ server: { auth_token: undefined }, cluster: { nodes: [{ auth_token: null }] } })).toEqual([]);
  });

  it('an empty value anywhere else is shown as it is', () => {
    expect(redactConfig({ tools: { workspace: null }, mcp: { s: { env: {} } } })).toEqual({ tools: { workspace: null }, mcp: { s: { env: {} } } });
    expect(secretValues({ tools: { workspace: null }, server: { auth_token: 'server-secret' } })).toEqual(['server-secret']);
  });

  it('a cluster node’s token is hidden in what a server printed, like the server’s own', () => {
    const { config } = parseConfigText(
      ['cluster:', '  nodes:', '    - { name: a, host: h, model: m, tier: 0, auth_token: node-a-secret }', '    - { name: b, host: h, model: m, tier: 1, auth_token: node-b-secret-longer }'].join('\n'),
      'harombe.yaml',
    );
    const secrets = secretValues(config);
    expect(secrets).toEqual(['node-b-secret-longer', 'node-a-secret']);
    expect(hideSecrets('401 from b with node-b-secret-longer, a with node-a-secret', secrets)).toBe(`401 from b with ${REDACTED}, a with ${REDACTED}`);
  });

  it('a four-character secret is hidden too; three characters are left (hiding `1` would garble every number)', () => {
    const secrets = secretValues({ mcp: { s: { env: { PIN: 'abcd', N: '123' } } } });
    expect(secrets).toEqual(['abcd']);
    expect(hideSecrets('pin abcd, 123 tries', secrets)).toBe(`pin ${REDACTED}, 123 tries`);
  });

  it('an error body with a null code keeps it, secrets hidden in its words', () => {
    const body = { error: { message: 'bad key ghp_abc123', type: 'invalid_request_error', code: null } };
    expect(hideSecretsIn(body, ['ghp_abc123'])).toEqual({ error: { message: `bad key ${REDACTED}`, type: 'invalid_request_error', code: null } });
  });
});
