import { describe, expect, it } from 'vitest';
import { REDACTED, configUpdateRequestSchema, harombeConfigSchema, type HarombeConfig, type HarombeConfigInput, type NodeConfig } from '../../../shared';
import { ConfigError } from '../../config';
import { ApiError } from '../api-error';
import type { ConfigService } from '../services';
import { getConfig, putConfig } from './config';

/** The config in memory; `refusal` makes update() throw it. */
class MemoryConfig implements ConfigService {
  readonly updates: HarombeConfig[] = [];
  refusal: Error | undefined;
  readonly path = '/home/ada/.harombe/harombe.yaml';
  private current: HarombeConfig;
  constructor(input: HarombeConfigInput) {
    this.current = harombeConfigSchema.parse(input);
  }
  get(): HarombeConfig {
    return this.current;
  }
  async update(next: HarombeConfig): Promise<void> {
    if (this.refusal) throw this.refusal;
    this.updates.push(next);
    this.current = next;
  }
  async reload(): Promise<void> {
    if (this.refusal) throw this.refusal;
  }
}

const saved: HarombeConfigInput = {
  server: { auth_token: 'server-secret' },
  cluster: {
    nodes: [
      { name: 'box', host: '10.0.0.5', port: 8000, model: 'qwen2.5:14b', tier: 1, auth_token: 'node-secret' },
      { name: 'gpu', host: '10.0.0.6', model: 'qwen2.5:32b', tier: 2, kind: 'openai', auth_token: 'gpu-secret' },
    ],
  },
};

/** What a client GETs, edits with `change`, and PUTs back (secrets still redacted). */
function edited(config: MemoryConfig, change: (shown: HarombeConfig) => HarombeConfig): HarombeConfig {
  return harombeConfigSchema.parse(change(getConfig(config).config));
}

function withNode(shown: HarombeConfig, index: number, patch: Partial<NodeConfig>): HarombeConfig {
  const nodes = shown.cluster!.nodes.map((node, at) => (at === index ? { ...node, ...patch } : node));
  return { ...shown, cluster: { ...shown.cluster!, nodes } };
}

async function refusalOf(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('PUT /config: a secret sent back redacted', () => {
  it.each([
    ['host', { host: 'evil.example' }, 'host 10.0.0.5 → evil.example'],
    ['port', { port: 9000 }, 'port 8000 → 9000'],
    ['kind', { kind: 'openai' as const }, 'kind harombe → openai'],
    ['scheme', { host: 'https://10.0.0.5' }, 'host 10.0.0.5 → https://10.0.0.5'],
  ])('is refused when the node’s %s changed, and nothing is saved', async (_key, patch, change) => {
    const config = new MemoryConfig(saved);
    const error = await refusalOf(putConfig(config, edited(config, (shown) => withNode(shown, 0, patch))));
    expect(error.status).toBe(400);
    expect(error.message).toBe(
      `config.cluster.nodes.0.auth_token is the redacted placeholder, but where it is sent changed (${change}); the saved secret is only kept for the same destination`,
    );
    expect(error.details.issues?.[0]?.path).toEqual(['config', 'cluster', 'nodes', 0, 'auth_token']);
    expect(config.updates).toHaveLength(0);
  });

  it('keeps its value for the same destination (nodes reordered, other keys changed), server.auth_token included', async () => {
    const config = new MemoryConfig(saved);
    const next = edited(config, (shown) => {
      const [box, gpu] = shown.cluster!.nodes;
      return { ...shown, server: { ...shown.server, port: 9001 }, cluster: { ...shown.cluster!, nodes: [{ ...gpu!, tier: 1 }, box!] } };
    });
    await putConfig(config, next);
    expect(config.get().server.auth_token).toBe('server-secret');
    expect(config.get().cluster?.nodes.map((node) => [node.name, node.auth_token])).toEqual([
      ['gpu', 'gpu-secret'],
      ['box', 'node-secret'],
    ]);
  });

  it('a node moved with its secret sent again is saved with the new secret', async () => {
    const config = new MemoryConfig(saved);
    await putConfig(config, edited(config, (shown) => withNode(shown, 0, { host: '10.0.0.9', auth_token: 'new-secret' })));
    expect(config.get().cluster?.nodes[0]).toMatchObject({ host: '10.0.0.9', auth_token: 'new-secret' });
  });
});

describe('PUT /config: what the answer says', () => {
  it('a config harombe cannot run is a 400 naming the key, saying nothing changed', async () => {
    const config = new MemoryConfig({});
    config.refusal = new ConfigError([{ file: config.path, line: 0, column: 0, keyPath: 'tools.workspace', message: 'cannot use /proc/x as the tools workspace' }]);
    const error = await refusalOf(putConfig(config, edited(config, (shown) => ({ ...shown, tools: { ...shown.tools, workspace: '/proc/x' } }))));
    expect(error).toMatchObject({ status: 400, code: 'invalid_request', message: 'The config was not changed: tools.workspace: cannot use /proc/x as the tools workspace' });
    expect(error.details.issues).toEqual([{ path: ['config', 'tools', 'workspace'], message: 'cannot use /proc/x as the tools workspace' }]);
  });

  it('a file that cannot be written is a 500 config_not_saved', async () => {
    const config = new MemoryConfig({});
    config.refusal = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES' });
    const error = await refusalOf(putConfig(config, config.get()));
    expect(error).toMatchObject({ status: 500, code: 'config_not_saved' });
  });

  it('a blank or control-character auth_token is refused by the body schema, without echoing it', () => {
    for (const token of ['', '  ', 'tab\there-secret', 'nul\u0000-secret']) {
      const result = configUpdateRequestSchema.safeParse({ config: { server: { auth_token: token } } });
      expect(result.success).toBe(false);
      expect(JSON.stringify(result.error?.issues)).not.toContain('-secret');
    }
    const node = { name: 'n', host: 'h', model: 'm', tier: 0, auth_token: 'two\nlines' };
    expect(configUpdateRequestSchema.safeParse({ config: { cluster: { nodes: [node] } } }).success).toBe(false);
  });
});

describe('/config and MCP servers’ env and headers', () => {
  const withMcp: HarombeConfigInput = {
    mcp: {
      github: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'], env: { GITHUB_PERSONAL_ACCESS_TOKEN: 'ghp-secret', REGION: 'eu-secret' } },
      remote: { url: 'https://mcp.example.com/mcp', headers: { 'X-Api-Key': 'key-secret' } },
    },
  };

  it('GET shows the names but never the values', () => {
    const shown = getConfig(new MemoryConfig(withMcp)).config;
    expect(shown.mcp['github']?.env).toEqual({ GITHUB_PERSONAL_ACCESS_TOKEN: REDACTED, REGION: REDACTED });
    expect(shown.mcp['remote']?.headers).toEqual({ 'X-Api-Key': REDACTED });
    expect(JSON.stringify(shown)).not.toContain('-secret');
  });

  it('PUT with the placeholders sent back keeps the real values; a new value replaces one, a removed name goes', async () => {
    const config = new MemoryConfig(withMcp);
    await putConfig(
      config,
      edited(config, (shown) => {
        const github = shown.mcp['github']!;
        return { ...shown, mcp: { ...shown.mcp, github: { ...github, call_timeout: 90, env: { GITHUB_PERSONAL_ACCESS_TOKEN: REDACTED, DEBUG: '1' } } } };
      }),
    );
    expect(config.get().mcp['github']).toMatchObject({ call_timeout: 90, env: { GITHUB_PERSONAL_ACCESS_TOKEN: 'ghp-secret', DEBUG: '1' } });
    expect(config.get().mcp['remote']?.headers).toEqual({ 'X-Api-Key': 'key-secret' });
  });

  it.each([
    ['a header, when the url changed', 'remote', { url: 'https://evil.example/mcp' }, 'mcp.remote.headers.X-Api-Key', 'url https://mcp.example.com/mcp → https://evil.example/mcp'],
    ['an env value, when the command changed', 'github', { command: 'sh' }, 'mcp.github.env.GITHUB_PERSONAL_ACCESS_TOKEN', 'command npx → sh'],
    ['an env value, when the args changed', 'github', { args: ['-y', 'evil-package'] }, 'mcp.github.env.GITHUB_PERSONAL_ACCESS_TOKEN', 'args -y @modelcontextprotocol/server-github → -y evil-package'],
  ])('PUT refuses the placeholder for %s, and saves nothing', async (_case, name, patch, key, change) => {
    const config = new MemoryConfig(withMcp);
    const error = await refusalOf(putConfig(config, edited(config, (shown) => ({ ...shown, mcp: { ...shown.mcp, [name]: { ...shown.mcp[name]!, ...patch } } }))));
    expect(error.status).toBe(400);
    expect(error.message).toBe(`config.${key} is the redacted placeholder, but where it is sent changed (${change}); the saved secret is only kept for the same destination`);
    expect(config.updates).toHaveLength(0);
  });

  it('PUT refuses the placeholder for a server or a name that has no saved value', async () => {
    const config = new MemoryConfig(withMcp);
    const error = await refusalOf(
      putConfig(config, edited(config, (shown) => ({ ...shown, mcp: { ...shown.mcp, copy: { ...shown.mcp['remote']!, headers: { 'X-Api-Key': REDACTED } } } }))),
    );
    expect(error.message).toBe('config.mcp.copy.headers.X-Api-Key is the redacted placeholder, but there is no saved value to keep');
    expect(config.updates).toHaveLength(0);
  });
});
