import { describe, expect, it } from 'vitest';
import { lines, problemsOf } from '../../../test/support/config-problems';
import { parseConfigText } from './load-config';


// What a person wrote, and what harombe tells them: where the mistake is, what it is, and how to fix it.
describe('YAML mistakes in harombe.yaml, in words, at the line to fix', () => {
  it.each<[string, string, string[]]>([
    [
      'a key of an approval rule in the column of its `- `',
      lines('tools:', '  approvals:', '    - tool: shell', '    decision: allow'),
      [
        'harombe.yaml:4:5 invalid YAML: `decision` starts in the same column as the `- ` on line 3, where only another `- ` item can start; indent it like `tool` (6 spaces) if it belongs to that item, or begin it with `- ` to make it an item of its own',
      ],
    ],
    [
      'a key in the column of a `- ` item that has no keys',
      lines('tools:', '  approvals:', '    - shell', '    decision: allow'),
      [
        'harombe.yaml:4:5 invalid YAML: `decision` starts in the same column as the `- ` on line 3, where only another `- ` item can start; indent it further if it belongs to that item, or begin it with `- ` to make it an item of its own',
      ],
    ],
    [
      'a missing colon on a line with a comment: at that line, and nothing about the section it spoiled',
      lines('server:', '  port 8100 # the port', '  host: 0.0.0.0', 'model:', '  temperature: 5'),
      [
        'harombe.yaml:2:3 invalid YAML: `port 8100` is not a `key: value` line (is a `:` missing after the key?), so YAML read it as a value and cannot read the keys below it',
        'harombe.yaml:5:16 model.temperature: expected a number from 0 to 2, found 5',
      ],
    ],
    [
      'a key indented deeper after a comment: at the key, not the comment',
      lines('model:', '  name: qwen2.5:7b', '  # temperature is 0–2', '', '    temperature: 1'),
      ['harombe.yaml:5:5 invalid YAML: `temperature` is indented 4 spaces, but `name` on line 2 is indented 2; keys of one mapping must start in the same column'],
    ],
    [
      'a key indented one space deeper than the one above it',
      lines('model:', ' name: qwen2.5:7b', '  temperature: 1'),
      [
        "harombe.yaml:3:3 invalid YAML: `temperature` is indented more than `name` on line 2 (2 spaces, not 1), so YAML reads it as part of `name`'s value; indent it like `name`, or, if it belongs under `name`, remove the value after `name:`",
      ],
    ],
    [
      'a key indented deeper under a key with no value: part of that key, nothing to remove',
      lines('model:', '  name:', '    temperature: 1', '  context_length: 4096'),
      ['harombe.yaml:3:5 model.name: expected a non-empty string, found a mapping'],
    ],
    [
      'a list item indented deeper than the one above it',
      lines('cluster:', '  nodes:', '    - name: a', '      host: h', '      model: m', '      tier: 0', '     - name: b'),
      ['harombe.yaml:7:6 invalid YAML: this `-` item is indented 5 spaces, but the item on line 3 is indented 4; items of one list must start in the same column'],
    ],
    [
      'a list item indented one space less than the one above it',
      lines('tools:', '  approvals:', '  - {tool: shell, decision: allow}', ' - {tool: web_search, decision: allow}'),
      ['harombe.yaml:4:2 invalid YAML: this `- ` item is indented 1 space, but the item on line 3 is indented 2; items of one list must start in the same column'],
    ],
    [
      'a second document',
      lines('model:', '  name: qwen2.5:7b', '---', 'server:', '  port: 8100'),
      ['harombe.yaml:3:1 invalid YAML: a config file holds one document; remove the extra `---`'],
    ],
    [
      'a quoted key written twice, named without its quotes',
      lines('server:', '  "port": 8000', '  "port": 9000'),
      ['harombe.yaml:3:3 duplicate key `port`: each key may appear only once in a mapping'],
    ],
    [
      'an unclosed { : where it opens',
      lines('server: { port: 8100', 'model:', '  name: a'),
      ['harombe.yaml:1:9 invalid YAML: the { starting here is never closed (add the closing })'],
    ],
    [
      "an unclosed ' : where it opens",
      lines('agent:', "  system_prompt: 'Be brief", '  max_steps: 3'),
      ["harombe.yaml:2:18 invalid YAML: the 'quoted string starting here is never closed (add the closing ')"],
    ],
    [
      'a long line without a colon, quoted up to 40 characters',
      lines('agent:', '  system prompt is to be brief and kind to everyone', '  max_steps: 3'),
      [
        'harombe.yaml:2:3 invalid YAML: `system prompt is to be brief and kind to…` is not a `key: value` line (is a `:` missing after the key?), so YAML read it together with the next line',
      ],
    ],
    [
      'a line without a colon, quoted without its comment',
      lines('agent:', '  max_steps: 3', '  system prompt # mine', '  tools: x'),
      [
        'harombe.yaml:3:3 invalid YAML: `system prompt` is not a `key: value` line (is a `:` missing after the key?)',
        'warning: harombe.yaml:4:3 agent.tools: unknown key `tools` in agent; known keys: max_steps, system_prompt (ignored)',
      ],
    ],
    [
      'a key written twice, once with a space before its colon',
      lines('server:', '  port: 8000', '  port : 9000'),
      ['harombe.yaml:3:3 duplicate key `port`: each key may appear only once in a mapping'],
    ],
    [
      'a key indented less, below a line of only spaces',
      lines('model:', '  name: qwen2.5:7b', '   ', ' temperature: 1'),
      ['harombe.yaml:4:2 invalid YAML: `temperature` is indented 1 space, but `name` on line 2 is indented 2; keys of one mapping must start in the same column'],
    ],
    [
      'a line of exactly 40 characters without a colon, quoted whole',
      lines('agent:', '  system prompt is brief and kind to all!!', '  max_steps: 3'),
      [
        'harombe.yaml:2:3 invalid YAML: `system prompt is brief and kind to all!!` is not a `key: value` line (is a `:` missing after the key?), so YAML read it together with the next line',
      ],
    ],
    [
      'a value ending in a colon',
      lines('server:', '  host: port:'),
      [
        'harombe.yaml:2:9 invalid YAML: the value of `host` contains `: `, which YAML reads as a second key on the same line; put the value in quotes ("…") if the colon is part of it, or put the inner key on a line of its own',
      ],
    ],
    [
      'a second `: ` in the value of a key inside a list item',
      lines('cluster:', '  nodes:', '    - name: laptop: fast'),
      [
        'harombe.yaml:3:13 invalid YAML: the value of `name` contains `: `, which YAML reads as a second key on the same line; put the value in quotes ("…") if the colon is part of it, or put the inner key on a line of its own',
      ],
    ],
    [
      'an empty quoted key written twice: the duplicate, with no name to show',
      lines('server:', '  "": 1', '  "": 2'),
      ['harombe.yaml:3:3 duplicate key: each key may appear only once in a mapping'],
    ],
    [
      'a second `: ` after a key with `#` in its name: "this key"',
      lines('server:', '  a#b: x: y'),
      [
        'harombe.yaml:2:8 invalid YAML: the value of this key contains `: `, which YAML reads as a second key on the same line; put the value in quotes ("…") if the colon is part of it, or put the inner key on a line of its own',
      ],
    ],
    [
      'a key indented deeper after a value continued on the next line',
      lines('agent:', '  system_prompt: be', '    brief', '   max_steps: 3'),
      ['harombe.yaml:2:18 invalid YAML: the indentation here does not fit the lines above it; check that keys of one mapping line up'],
    ],
    [
      'a line without a colon in the column of a `- ` item above it',
      lines('cluster:', '  nodes:', '    - a', '    b', '    - c'),
      [
        'harombe.yaml:4:5 invalid YAML: this key starts in the same column as the `- ` on line 3, where only another `- ` item can start; indent it further if it belongs to that item, or begin it with `- ` to make it an item of its own',
      ],
    ],
    [
      'a list item in column 1 under items indented 2',
      lines('tools:', '  approvals:', '  - {tool: shell, decision: allow}', '- {tool: web_search, decision: allow}'),
      ['harombe.yaml:4:1 invalid YAML: this `- ` item is indented 0 spaces, but the item on line 3 is indented 2; items of one list must start in the same column'],
    ],
    [
      'a list item less indented than the item above it, whose keys are deeper',
      lines('tools:', '  approvals:', '    - tool: shell', '      decision: allow', '  - tool: web_search', '    decision: allow'),
      ['harombe.yaml:5:3 invalid YAML: this `- ` item is indented 2 spaces, but the item on line 3 is indented 4; items of one list must start in the same column'],
    ],
    [
      'a key indented less than the key above it, whose value goes on over a second line: against that key',
      lines('agent:', '  max_steps: 3', '  system_prompt: be', '    brief', ' tier: 1'),
      ['harombe.yaml:5:2 invalid YAML: `tier` is indented 1 space, but `system_prompt` on line 3 is indented 2; keys of one mapping must start in the same column'],
    ],
    [
      'a mistake harombe has no words of its own for (the first lines indented more than the rest): in YAML\'s words, at its line',
      lines('  model:', '    name: a', 'server:', '  port: 8100'),
      ['harombe.yaml:3:1 invalid YAML: unexpected scalar at node end', 'harombe.yaml:4:3 invalid YAML: unexpected scalar token in YAML stream: "port"'],
    ],
  ])('%s', (_case, text, problems) => {
    expect(problemsOf(text)).toEqual(problems);
  });

  it('warns about what YAML ignores (an unknown tag or directive) at its place, and still loads the file', () => {
    expect(problemsOf(lines('model:', '  name: !custom qwen2.5:7b'))).toEqual(['warning: harombe.yaml:2:9 YAML: unresolved tag: !custom']);
    expect(problemsOf(lines('%FOO bar', '---', 'model:', '  name: qwen2.5:7b'))).toEqual(['warning: harombe.yaml:1:1 YAML: unknown directive %FOO']);
    expect(parseConfigText(lines('model:', '  name: !custom qwen2.5:7b'), 'harombe.yaml').config.model.name).toBe('qwen2.5:7b');
  });

  it('lists a YAML warning beside the errors, marked as a warning', () => {
    expect(problemsOf(lines('model:', '  name: !custom qwen2.5:7b', '  temperature: 9'))).toEqual([
      'warning: harombe.yaml:2:9 YAML: unresolved tag: !custom',
      'harombe.yaml:3:16 model.temperature: expected a number from 0 to 2, found 9',
    ]);
  });

  it('reports each mistake once, on its own line, however often YAML repeats it', () => {
    const text = lines('server:', '  port: 8100', '   host: a', '   tier: 0', 'tools:', '  shell: true', '  - web_search');
    expect(problemsOf(text)).toEqual([
      "harombe.yaml:3:4 invalid YAML: `host` is indented more than `port` on line 2 (3 spaces, not 2), so YAML reads it as part of `port`'s value; indent it like `port`, or, if it belongs under `port`, remove the value after `port:`",
      'harombe.yaml:7:3 invalid YAML: a list item (`- …`) among the keys of a mapping; put list items under a key of their own (`key:`, then the `- …` lines indented below it), or write this one as `key: value`',
    ]);
  });
});
