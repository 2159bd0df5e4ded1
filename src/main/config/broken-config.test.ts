import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorsOf, lines } from '../../../test/support/config-problems';
import { ConfigError, formatConfigProblem } from './config-problem';
import { parseConfigText } from './load-config';
import { setConfigValue } from './update-config';

const TYPO = 'warning: harombe.yaml:1:1 modle: unknown key `modle` at the top level — did you mean `model`? (ignored)';
const OUT_OF_RANGE = 'harombe.yaml:4:14 agent.max_steps: expected an integer from 1 to 50, found 500';
// A typo on line 1 and a value out of range on line 4, before each file's own YAML mistake.
const HEAD = ['modle:', '  name: qwen2.5:7b', 'agent:', '  max_steps: 500'];

const cases: { name: string; text: string; problems: string[] }[] = [
  {
    name: 'a key indented deeper than the one above it: at that key, not at the value before it',
    text: lines(...HEAD, 'server:', '  port: 8100', '   host: 0.0.0.0'),
    problems: [
      TYPO,
      OUT_OF_RANGE,
      "harombe.yaml:7:4 invalid YAML: `host` is indented more than `port` on line 6 (3 spaces, not 2), so YAML reads it as part of `port`'s value; indent it like `port`, or, if it belongs under `port`, remove the value after `port:`",
    ],
  },
  {
    name: 'a key indented less than the one above it',
    text: lines(...HEAD, 'model:', '  name: qwen2.5:7b', ' temperature: 0.5'),
    problems: [
      TYPO,
      OUT_OF_RANGE,
      'harombe.yaml:7:2 invalid YAML: `temperature` is indented 1 space, but `name` on line 6 is indented 2; keys of one mapping must start in the same column',
    ],
  },
  {
    name: 'a key under a section that already has a value',
    text: lines(...HEAD, 'server: 8100', '  port: 8100'),
    problems: [
      TYPO,
      OUT_OF_RANGE,
      "harombe.yaml:6:3 invalid YAML: `port` is indented more than `server` on line 5 (2 spaces, not 0), so YAML reads it as part of `server`'s value; indent it like `server`, or, if it belongs under `server`, remove the value after `server:`",
    ],
  },
  {
    name: 'a mis-indented key in a cluster node, without echoes about the keys it swallowed',
    text: lines(...HEAD, 'cluster:', '  nodes:', '    - name: a', '      host: h', '       model: m', '      tier: 0'),
    problems: [
      TYPO,
      OUT_OF_RANGE,
      "harombe.yaml:9:8 invalid YAML: `model` is indented more than `host` on line 8 (7 spaces, not 6), so YAML reads it as part of `host`'s value; indent it like `host`, or, if it belongs under `host`, remove the value after `host:`",
    ],
  },
  {
    name: 'a list item out of line with the one above it, once',
    text: lines(...HEAD, 'cluster:', '  nodes:', '    - {name: a, host: h, model: m, tier: 0}', '   - name: b', '      host: h'),
    problems: [
      TYPO,
      OUT_OF_RANGE,
      'harombe.yaml:8:4 invalid YAML: this `- ` item is indented 3 spaces, but the item on line 7 is indented 4; items of one list must start in the same column',
    ],
  },
  {
    name: 'a second `key: value` on one line',
    text: lines(...HEAD, 'server:', '  host: port: 80'),
    problems: [
      TYPO,
      OUT_OF_RANGE,
      'harombe.yaml:6:9 invalid YAML: the value of `host` contains `: `, which YAML reads as a second key on the same line; put the value in quotes ("…") if the colon is part of it, or put the inner key on a line of its own',
    ],
  },
  {
    name: 'a missing colon',
    text: lines(...HEAD, 'server:', '  port 8100', '  host: 0.0.0.0'),
    problems: [
      TYPO,
      OUT_OF_RANGE,
      'harombe.yaml:6:3 invalid YAML: `port 8100` is not a `key: value` line (is a `:` missing after the key?), so YAML read it together with the next line',
    ],
  },
  {
    name: 'tab indentation',
    text: lines(...HEAD, 'server:', '\tport: 8100', 'tools:', '  shell: yes'),
    problems: [
      TYPO,
      OUT_OF_RANGE,
      'harombe.yaml:6:1 tabs are not allowed for indentation; use spaces',
      'harombe.yaml:8:10 tools.shell: expected true or false, found the string "yes" (YAML reads yes/no/on/off as text; write true or false)',
    ],
  },
  {
    name: 'a duplicate key',
    text: lines(...HEAD, 'server:', '  port: 8100', '  port: 0'),
    problems: [TYPO, OUT_OF_RANGE, 'harombe.yaml:7:3 duplicate key `port`: each key may appear only once in a mapping'],
  },
  {
    name: 'an unclosed quote: where it opens',
    text: lines(...HEAD, 'ollama:', '  host: "http://localhost:11434', 'server:', '  port: 0'),
    problems: [TYPO, OUT_OF_RANGE, 'harombe.yaml:6:9 invalid YAML: the "quoted string starting here is never closed (add the closing ")'],
  },
  {
    name: 'a list item among keys',
    text: lines(...HEAD, 'tools:', '  shell: true', '  - web_search'),
    problems: [
      TYPO,
      OUT_OF_RANGE,
      'harombe.yaml:7:3 invalid YAML: a list item (`- …`) among the keys of a mapping; put list items under a key of their own (`key:`, then the `- …` lines indented below it), or write this one as `key: value`',
    ],
  },
];

describe('a config with YAML errors lists every problem, in file order, warnings included', () => {
  it.each(cases)('$name', ({ text, problems }) => {
    expect(errorsOf(text)).toEqual(problems);
  });

  it('lists several YAML errors, each at its own line, among the schema problems', () => {
    const text = lines('model:', '  temperature: hot', '\tname: a', 'server:', '  port: 80', '   host: h', 'tools:', '  sandbox: docker');
    expect(errorsOf(text)).toEqual([
      'harombe.yaml:2:16 model.temperature: expected a number from 0 to 2, found the string "hot"',
      'harombe.yaml:3:1 tabs are not allowed for indentation; use spaces',
      "harombe.yaml:6:4 invalid YAML: `host` is indented more than `port` on line 5 (3 spaces, not 2), so YAML reads it as part of `port`'s value; indent it like `port`, or, if it belongs under `port`, remove the value after `port:`",
      'harombe.yaml:8:12 tools.sandbox: expected one of auto, bwrap, none, found the string "docker"',
    ]);
  });

  it('sums up with the first error, not a warning', () => {
    expect(() => parseConfigText(lines(...HEAD, 'server:', '\tport: 1'), 'harombe.yaml')).toThrow(
      /^harombe\.yaml:4:14 agent\.max_steps: expected an integer from 1 to 50, found 500 \(and 2 more problems\)$/,
    );
  });

  it('refuses to edit such a file (PUT /config), listing the same problems, and leaves it alone', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'harombe-broken-config-')), 'harombe.yaml');
    const text = lines(...HEAD, 'server:', '  port: 8100', '   host: 0.0.0.0');
    await writeFile(path, text);
    const refused = await setConfigValue(path, ['server', 'port'], 9000).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ConfigError);
    const problems = (refused as ConfigError).problems.map(formatConfigProblem);
    expect(problems).toEqual(errorsOf(text).map((problem) => problem.replace('harombe.yaml:', `${path}:`)));
    expect(problems).toHaveLength(3);
    expect(await readFile(path, 'utf8')).toBe(text);
  });
});
