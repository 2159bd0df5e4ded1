import { LineCounter, parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { lines, problemsOf } from '../../../test/support/config-problems';
import { createLocator } from './config-document';
import { defaultConfig, parseConfigText } from './load-config';
import { validateConfigData } from './validate-config';

const node = ['    - name: laptop', '      host: localhost', '      model: qwen2.5:3b', '      tier: 0'];

describe('what a value must be, and the hint that goes with it', () => {
  it.each<[string, string, string[]]>([
    ['a quoted number for a number key', lines('model:', '  temperature: "0.5"'), ['harombe.yaml:2:16 model.temperature: expected a number from 0 to 2, found the string "0.5" (remove the quotes to make it a number)']],
    ['an empty string for a number: no hint to unquote', lines('server:', '  port: ""'), ['harombe.yaml:2:9 server.port: expected an integer from 1 to 65535, found an empty string']],
    ['a blank string for a number: no hint to unquote', lines('server:', '  port: " "'), ['harombe.yaml:2:9 server.port: expected an integer from 1 to 65535, found the string " "']],
    ['a quoted number too big for any number: no hint to unquote', lines('agent:', '  max_steps: "1e400"'), ['harombe.yaml:2:14 agent.max_steps: expected an integer from 1 to 50, found the string "1e400"']],
    ['off for a choice that is not true/false: no true/false hint', lines('tools:', '  sandbox: off'), ['harombe.yaml:2:12 tools.sandbox: expected one of auto, bwrap, none, found the string "off"']],
    ['a quoted number for a text key: no hint at all', lines('model:', '  name: 7'), ['harombe.yaml:2:9 model.name: expected a non-empty string, found 7']],
    ['a list holding y for true/false: no YAML 1.1 hint', lines('tools:', '  shell: [y]'), ['harombe.yaml:2:10 tools.shell: expected true or false, found a list of 1']],
    ['NO for true/false, in capitals', lines('tools:', '  web_search: NO'), ['harombe.yaml:2:15 tools.web_search: expected true or false, found the string "NO" (YAML reads yes/no/on/off as text; write true or false)']],
  ])('%s', (_case, text, problems) => {
    expect(problemsOf(text)).toEqual(problems);
  });

  it('takes the default for a key left empty inside a list item, as for one left empty in a section', () => {
    const { config } = parseConfigText(lines('cluster:', '  nodes:', ...node, '      port:', 'server:', '  port:'), 'harombe.yaml');
    expect(config.cluster?.nodes[0]?.port).toBe(8000);
    expect(config.server.port).toBe(8000);
  });

  it('reports every problem of every node, each at its own line', () => {
    const second = ['    - name: desk', '      host: h', '      model: m', '      tier: 7', '      port: 0'];
    expect(problemsOf(lines('cluster:', '  nodes:', ...node, ...second))).toEqual([
      'harombe.yaml:10:13 cluster.nodes[1].tier: expected an integer from 0 to 2, found 7',
      'harombe.yaml:11:13 cluster.nodes[1].port: expected an integer from 1 to 65535, found 0',
    ]);
  });

  it('warns about an unknown key and a real error in the same list item', () => {
    expect(problemsOf(lines('cluster:', '  nodes:', '    - name: a', '      host: h', '      modle: m', '      tier: 0'))).toEqual([
      'harombe.yaml:3:7 cluster.nodes[0].model: expected a non-empty string, found nothing (this key is required)',
      'warning: harombe.yaml:5:7 cluster.nodes[0].modle: unknown key `modle` in cluster.nodes[0] — did you mean `model`? (ignored)',
    ]);
  });
});

describe('MCP servers are checked like every other section', () => {
  it.each<[string, string, string[]]>([
    [
      'a server name with a space: the naming rule, at the name',
      lines('mcp:', '  my server:', '    command: npx'),
      ['harombe.yaml:2:3 mcp.my server: an MCP server name is 1–40 letters, digits, - or _ (it prefixes its tools: name__tool)'],
    ],
    ['args not a list', lines('mcp:', '  github:', '    command: npx', '    args: -y'), ['harombe.yaml:4:11 mcp.github.args: expected a list (one "- " entry per item), found the string "-y"']],
    [
      'a server written as a string',
      lines('mcp:', '  github: npx'),
      ['harombe.yaml:2:11 mcp.github: expected a mapping (keys: command, args, env, cwd, url, headers, enabled, startup_timeout, call_timeout, tools), found the string "npx"'],
    ],
    [
      'a timeout out of range and yes for enabled',
      lines('mcp:', '  github:', '    command: npx', '    startup_timeout: 0', '    enabled: yes'),
      [
        'harombe.yaml:4:22 mcp.github.startup_timeout: expected an integer from 1 to 600, found 0',
        'harombe.yaml:5:14 mcp.github.enabled: expected true or false, found the string "yes" (YAML reads yes/no/on/off as text; write true or false)',
      ],
    ],
    [
      'a misspelt key of a server, with the key meant',
      lines('mcp:', '  github:', '    command: npx', '    startup_timout: 5'),
      ['warning: harombe.yaml:4:5 mcp.github.startup_timout: unknown key `startup_timout` in mcp.github — did you mean `startup_timeout`? (ignored)'],
    ],
    [
      "an unknown key of a tool's override, with the keys it has",
      lines('mcp:', '  github:', '    command: npx', '    tools:', '      search:', '        colour: red'),
      ['warning: harombe.yaml:6:9 mcp.github.tools.search.colour: unknown key `colour` in mcp.github.tools.search; known keys: dangerous, enabled (ignored)'],
    ],
  ])('%s', (_case, text, problems) => {
    expect(problemsOf(text)).toEqual(problems);
  });

  it("never shows an env or header value, which may be an API key, when it is the wrong type", () => {
    const problems = problemsOf(lines('mcp:', '  github:', '    command: npx', '    env:', '      GITHUB_TOKEN: 123456789', '    headers:', '      X-Api-Key: [987654321]'));
    expect(problems).toEqual([
      'harombe.yaml:5:21 mcp.github.env.GITHUB_TOKEN: expected a string, found a number',
      'harombe.yaml:7:18 mcp.github.headers.X-Api-Key: expected a string, found a list of 1',
    ]);
  });
});

describe('validateConfigData on data that is not from a file', () => {
  const locate = createLocator({ document: parseDocument(''), lineCounter: new LineCounter() });

  it('reads no data at all as an empty file: every default', () => {
    expect(validateConfigData(undefined, 'harombe.yaml', locate)).toEqual({ config: defaultConfig(), warnings: [], errors: [] });
    expect(validateConfigData(null, 'harombe.yaml', locate)).toEqual({ config: defaultConfig(), warnings: [], errors: [] });
  });
});
