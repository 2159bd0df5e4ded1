import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorsOf } from '../../../test/support/config-problems';
import { DEFAULT_SYSTEM_PROMPT } from '../../shared';
import { ConfigError, formatConfigProblem } from './config-problem';
import { defaultConfig, loadConfig, parseConfigText } from './load-config';

function warningsOf(text: string): string[] {
  return parseConfigText(text, 'harombe.yaml').warnings.map(formatConfigProblem);
}

async function scratchFolder(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'harombe-config-'));
}

describe('loadConfig', () => {
  it('gives the defaults when there is no file', async () => {
    const path = join(await scratchFolder(), 'harombe.yaml');
    const loaded = await loadConfig(path);
    expect(loaded).toEqual({ path, exists: false, config: defaultConfig(), warnings: [] });
    expect(loaded.config.server).toEqual({ host: '127.0.0.1', port: 8000 });
    expect(loaded.config.model.name).toBe('auto');
    expect(loaded.config.agent.system_prompt).toBe(DEFAULT_SYSTEM_PROMPT);
  });

  it.each([
    ['an empty file', ''],
    ['a blank file', '\n  \n'],
    ['a comment-only file', '# nothing configured yet\n# model:\n#   name: qwen2.5:7b\n'],
    ['sections whose keys are all commented out', 'model:\n  # name: qwen2.5:7b\nserver:\n'],
  ])('gives the defaults for %s', async (_name, text) => {
    const path = join(await scratchFolder(), 'harombe.yaml');
    await writeFile(path, text);
    const loaded = await loadConfig(path);
    expect(loaded.exists).toBe(true);
    expect(loaded.config).toEqual(defaultConfig());
  });

  it('fills what a partial file leaves out', () => {
    const { config } = parseConfigText('model:\n  name: qwen2.5:14b\nserver:\n  port: 9000\n', 'harombe.yaml');
    expect(config.model).toEqual({ name: 'qwen2.5:14b', quantization: 'Q4_K_M', context_length: 8192, temperature: 0.7 });
    expect(config.server).toEqual({ host: '127.0.0.1', port: 9000 });
    expect(config.tools.confirm_dangerous).toBe(true);
    expect(config.cluster).toBeUndefined();
  });

  it('keeps model.name: auto for hardware detection to resolve', () => {
    expect(parseConfigText('model:\n  name: auto\n', 'harombe.yaml').config.model.name).toBe('auto');
  });

  it('fills node defaults in a cluster', () => {
    const text = 'cluster:\n  nodes:\n    - name: laptop\n      host: localhost\n      model: qwen2.5:3b\n      tier: 0\n';
    const { config } = parseConfigText(text, 'harombe.yaml');
    expect(config.cluster?.nodes).toEqual([
      { name: 'laptop', host: 'localhost', port: 8000, model: 'qwen2.5:3b', tier: 0, enabled: true, kind: 'harombe' },
    ]);
    expect(config.cluster?.routing).toEqual({ prefer_local: true, fallback_strategy: 'graceful', load_balance: true });
  });

  it('names a file it cannot read', async () => {
    const folder = await scratchFolder();
    await mkdir(join(folder, 'harombe.yaml'));
    await expect(loadConfig(join(folder, 'harombe.yaml'))).rejects.toThrow(/harombe\.yaml cannot read the config file: it is a folder/);
  });

  it('refuses a FIFO at once instead of waiting for a writer that never comes', async () => {
    const fifo = join(await scratchFolder(), 'harombe.yaml');
    execFileSync('mkfifo', [fifo]);
    await expect(loadConfig(fifo)).rejects.toThrow(/harombe\.yaml cannot read the config file: it is a named pipe \(FIFO\), not a regular file/);
  });

  it('refuses a device instead of reading it forever', async () => {
    await expect(loadConfig('/dev/zero')).rejects.toThrow('/dev/zero cannot read the config file: it is a device, not a regular file');
  });

  // A mutation run (vitest.mutation.config.ts) loads 5,000: at 100,000 every mutant this test covers costs seconds.
  // There a mutant that makes loading quadratic goes unnoticed; npm test keeps the full size that catches it.
  const manyKeys = process.env['HAROMBE_MUTATION_RUN'] ? 5_000 : 100_000;
  it('loads a file with 100,000 keys (once quadratic: minutes)', () => {
    const keys = Array.from({ length: manyKeys }, (_, index) => `extra_${index}: ${index}\n`).join('');
    const { config, warnings } = parseConfigText(`model:\n  name: qwen2.5:7b\n${keys}server:\n  port: 8100\n`, 'harombe.yaml');
    expect(config.model.name).toBe('qwen2.5:7b');
    expect(config.server.port).toBe(8100);
    expect(warnings).toHaveLength(manyKeys);
    expect(formatConfigProblem(warnings[0]!)).toBe(
      'harombe.yaml:3:1 extra_0: unknown key `extra_0` at the top level; known keys: model, ollama, agent, tools, server, cluster, mcp (ignored)',
    );
    expect(warnings.at(-1)).toMatchObject({ line: manyKeys + 2, column: 1, keyPath: `extra_${manyKeys - 1}` });
  }, 120_000);

  it('still finds a repeated key, in a block or a flow mapping, among the other problems in file order', () => {
    const keys = Array.from({ length: 1_000 }, (_, index) => `  extra_${index}: ${index}\n`).join('');
    const problems = errorsOf(`model:\n${keys}  extra_7: again\nserver: { port: 1, host: a, port: 2 }\nagent:\n\tmax_steps: 3\n`);
    // The 1,000 unknown keys are listed too, as warnings.
    expect(problems.filter((problem) => !problem.startsWith('warning: '))).toEqual([
      'harombe.yaml:1002:3 duplicate key `extra_7`: each key may appear only once in a mapping',
      'harombe.yaml:1003:29 duplicate key `port`: each key may appear only once in a mapping',
      'harombe.yaml:1005:1 tabs are not allowed for indentation; use spaces',
    ]);
  });
});

describe('config errors name file:line:column, the key, what was expected and what was found', () => {
  it('rejects tab indentation', () => {
    expect(errorsOf('model:\n\tname: qwen2.5:7b\n')).toContain('harombe.yaml:2:1 tabs are not allowed for indentation; use spaces');
  });

  it('reports YAML syntax errors at their position', () => {
    expect(errorsOf('model:\n  name: qwen\n  - x\n')[0]).toBe(
      'harombe.yaml:3:3 invalid YAML: a list item (`- …`) among the keys of a mapping; put list items under a key of their own (`key:`, then the `- …` lines indented below it), or write this one as `key: value`',
    );
  });

  it('points at where an unclosed quote or bracket was opened, not at the end of the file', () => {
    expect(errorsOf('model:\n  name: "qwen2.5:7b\nserver:\n  port: 1\n')).toEqual([
      'harombe.yaml:2:9 invalid YAML: the "quoted string starting here is never closed (add the closing ")',
    ]);
    expect(errorsOf('cluster:\n  nodes: [\nserver:\n  port: 1\n')[0]).toBe(
      'harombe.yaml:2:10 invalid YAML: the [ starting here is never closed (add the closing ])',
    );
    expect(errorsOf("agent:\n  system_prompt: 'be brief\n")[0]).toMatch(/^harombe\.yaml:2:18 invalid YAML: the 'quoted string/);
  });

  it('suggests the missing colon for a key without one', () => {
    expect(errorsOf('model\n  name: a\n')[0]).toMatch(/^harombe\.yaml:1:1 invalid YAML: `model` is not a `key: value` line \(is a `:` missing after the key\?\)/);
  });

  const node = (name: string, tier: number) => `    - name: ${name}\n      host: h\n      model: m\n      tier: ${tier}\n`;
  // What a person wrote, and every problem harombe reports for it, each where it is in the file.
  it.each<[string, string, string[]]>([
    ['a key written twice', 'server:\n  port: 8000\n  port: 9000\n', ['harombe.yaml:3:3 duplicate key `port`: each key may appear only once in a mapping']],
    ['the wrong type', 'model:\n  temperature: hot\n', ['harombe.yaml:2:16 model.temperature: expected a number from 0 to 2, found the string "hot"']],
    ['a value over its range', 'agent:\n  max_steps: 500\n', ['harombe.yaml:2:14 agent.max_steps: expected an integer from 1 to 50, found 500']],
    ['a value under its range', 'model:\n  context_length: 100\n', ['harombe.yaml:2:19 model.context_length: expected an integer of at least 1024, found 100']],
    [
      'tier 3 and port 0, where they are',
      ['cluster:', '  nodes:', '    - name: laptop', '      host: localhost', '      port: 0', '      model: qwen2.5:3b', '      tier: 3'].join('\n'),
      [
        'harombe.yaml:5:13 cluster.nodes[0].port: expected an integer from 1 to 65535, found 0',
        'harombe.yaml:7:13 cluster.nodes[0].tier: expected an integer from 0 to 2, found 3',
      ],
    ],
    ['a value outside an enum, listing the allowed ones', 'tools:\n  sandbox: docker\n', ['harombe.yaml:2:12 tools.sandbox: expected one of auto, bwrap, none, found the string "docker"']],
    [
      'a duplicate node name, at the second node',
      `cluster:\n  nodes:\n${node('box', 0)}${node('other', 1)}${node('box', 2)}`,
      ['harombe.yaml:11:13 cluster.nodes[2].name: duplicate node name "box" (also used by node 1); node names must be unique'],
    ],
    [
      'a node without a required key, at the node',
      'cluster:\n  nodes:\n    - name: box\n      host: h\n      tier: 1\n',
      ['harombe.yaml:3:7 cluster.nodes[0].model: expected a non-empty string, found nothing (this key is required)'],
    ],
    [
      'a top level that is not a mapping',
      'just some text\n',
      ['harombe.yaml:1:1 the file must be a mapping of sections (model:, ollama:, agent:, tools:, server:, cluster:, mcp:), found the string "just some text"'],
    ],
    [
      'yes for a boolean (YAML 1.2)',
      'tools:\n  shell: yes\n',
      ['harombe.yaml:2:10 tools.shell: expected true or false, found the string "yes" (YAML reads yes/no/on/off as text; write true or false)'],
    ],
    [
      'a URL without http(s)',
      'ollama:\n  host: localhost:11434\n',
      ['harombe.yaml:2:9 ollama.host: expected a URL starting with http:// or https://, found the string "localhost:11434"'],
    ],
  ])('rejects %s', (_case, text, problems) => {
    expect(errorsOf(text)).toEqual(problems);
  });

  it('lists the allowed values of an enum nested in a section', () => {
    expect(errorsOf('cluster:\n  routing:\n    fallback_strategy: yolo\n')[0]).toContain('expected one of graceful, strict');
  });

  it('says a list at the top level is not a mapping', () => {
    expect(errorsOf('- model\n- server\n')[0]).toMatch(/^harombe\.yaml:1:1 the file must be a mapping .*found a list of 2$/);
  });

  it('explains quoted numbers', () => {
    expect(errorsOf('server:\n  port: "8000"\n')[0]).toContain('found the string "8000" (remove the quotes to make it a number)');
  });

  it('never echoes a secret in an error', () => {
    const problems = errorsOf('server:\n  auth_token: 123456789\n');
    expect(problems).toEqual(['harombe.yaml:2:15 server.auth_token: expected a non-empty string, found a number']);
  });

  it('refuses a blank auth_token, or one with a control character, on the server and on a node, without showing it', () => {
    const reason = 'must be a non-blank token without control characters or spaces at either end (e.g. the output of `openssl rand -hex 32`)';
    expect(errorsOf('server:\n  auth_token: "   "\n')).toEqual([`harombe.yaml:2:15 server.auth_token: ${reason}`]);
    expect(errorsOf('server:\n  auth_token: "secret\\0"\n')).toEqual([`harombe.yaml:2:15 server.auth_token: ${reason}`]);
    const node = errorsOf('cluster:\n  nodes:\n    - {name: a, host: h, model: m, tier: 0, auth_token: "line\\nbreak"}\n');
    expect(node).toEqual([expect.stringMatching(/^harombe\.yaml:3:\d+ cluster\.nodes\[0\]\.auth_token: must be a non-blank token/)]);
    expect(node.join()).not.toContain('break');
    expect(errorsOf('server:\n  auth_token: a-long-random-string\n')).toEqual([]);
  });

  it('reports every problem, top to bottom', () => {
    const problems = errorsOf('server:\n  port: 0\nmodel:\n  temperature: 9\n');
    expect(problems.map((problem) => problem.split(' ')[0])).toEqual(['harombe.yaml:2:9', 'harombe.yaml:4:16']);
  });
});

describe('unknown keys are warnings, with the nearest known key, and are ignored', () => {
  it('suggests the key that was meant', () => {
    const { config, warnings } = parseConfigText('agent:\n  max_step: 5\n', 'harombe.yaml');
    expect(warnings.map(formatConfigProblem)).toEqual([
      'harombe.yaml:2:3 agent.max_step: unknown key `max_step` in agent — did you mean `max_steps`? (ignored)',
    ]);
    expect(config.agent.max_steps).toBe(10);
  });

  it('warns about unknown sections and keys inside nodes', () => {
    const text = 'modle:\n  name: x\ncluster:\n  nodes:\n    - name: a\n      host: h\n      model: m\n      tier: 0\n      teir: 1\n';
    expect(warningsOf(text)).toEqual([
      'harombe.yaml:1:1 modle: unknown key `modle` at the top level — did you mean `model`? (ignored)',
      'harombe.yaml:9:7 cluster.nodes[0].teir: unknown key `teir` in cluster.nodes[0] — did you mean `tier`? (ignored)',
    ]);
  });

  it('lists the known keys when nothing is close', () => {
    expect(warningsOf('server:\n  colour: blue\n')).toEqual([
      'harombe.yaml:2:3 server.colour: unknown key `colour` in server; known keys: host, port, auth_token, advertise, tier (ignored)',
    ]);
  });

  it('still reports real errors next to unknown keys, and the unknown keys beside them', () => {
    expect(errorsOf('agent:\n  max_step: 5\n  max_steps: 0\n')).toEqual([
      'warning: harombe.yaml:2:3 agent.max_step: unknown key `max_step` in agent — did you mean `max_steps`? (ignored)',
      'harombe.yaml:3:14 agent.max_steps: expected an integer from 1 to 50, found 0',
    ]);
  });
});

describe('what cannot be read at all, and what only echoes a YAML error', () => {
  it('refuses aliases that expand exponentially, naming the file and what to do', () => {
    const names = 'abcdefghi';
    const text = [`a: &a [x, x, x, x, x, x, x, x, x]`, ...[...names.slice(1)].map((name, index) => `${name}: &${name} [${Array(9).fill(`*${names[index]}`).join(', ')}]`)].join('\n');
    expect(errorsOf(text)).toEqual([
      'harombe.yaml invalid YAML: excessive alias count indicates a resource exhaustion attack; write the values out instead of repeating aliases (`*name`) inside one another',
    ]);
    // No place in the file (line 0), as the API and the window show it.
    expect(() => parseConfigText(text, 'harombe.yaml')).toThrow(expect.objectContaining({ problems: [expect.objectContaining({ line: 0, column: 0, keyPath: '' })] }));
  });

  it('points at an alias whose anchor is never set, among the other YAML errors in file order', () => {
    expect(errorsOf('agent:\n  system_prompt: *prompt\n\tmax_steps: 3\n')).toEqual([
      'harombe.yaml:2:18 invalid YAML: unresolved alias (the anchor must be set before the alias): prompt',
      'harombe.yaml:3:1 tabs are not allowed for indentation; use spaces',
    ]);
  });

  it('says only the YAML error of a file whose top level is a list, not that it is no mapping', () => {
    expect(errorsOf('- model\n- server: [\n')).toEqual(['harombe.yaml:2:11 invalid YAML: the [ starting here is never closed (add the closing ])']);
  });

  it('reports a misspelt key written twice once, as the duplicate', () => {
    expect(errorsOf('server:\n  prot: 1\n  prot: 2\n')).toEqual(['harombe.yaml:3:3 duplicate key `prot`: each key may appear only once in a mapping']);
  });

  it('returns the warnings of a file that loads without marking them, and marks them among errors', () => {
    expect(parseConfigText('modle: x\n', 'harombe.yaml').warnings).toEqual([
      { file: 'harombe.yaml', line: 1, column: 1, keyPath: 'modle', message: 'unknown key `modle` at the top level — did you mean `model`? (ignored)' },
    ]);
    const refused = (() => {
      try {
        return parseConfigText('modle: x\nserver:\n  port: 0\n', 'harombe.yaml');
      } catch (error) {
        return error as ConfigError;
      }
    })();
    expect(refused).toBeInstanceOf(ConfigError);
    expect((refused as ConfigError).problems.map((problem) => problem.severity)).toEqual(['warning', undefined]);
  });
});
