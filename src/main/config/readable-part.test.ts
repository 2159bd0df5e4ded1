import { describe, expect, it } from 'vitest';
import { lines, problemsOf } from '../../../test/support/config-problems';
import { parseConfigDocument } from './config-document';
import { readablePart } from './readable-part';

const node = (name: string, tier: number | string): string[] => [`    - name: ${name}`, '      host: h', '      model: m', `      tier: ${tier}`];

// A YAML error takes out only the entry it is in: the rest of the file is still checked, and nothing is reported
// that only follows from the entry taken out (a key "missing" because it was in it).
describe('a config with a YAML error is still checked around it, without echoes', () => {
  it('finds the problems of the other nodes in a long list, however far from the broken one', () => {
    const nodes = Array.from({ length: 10 }, (_, index) => {
      if (index === 5) return ['    - name: n5', '      host: h', '       model: m', '      tier: 0'];
      return node(`n${index}`, index === 2 || index === 8 ? 9 : 0);
    }).flat();
    expect(problemsOf(lines('cluster:', '  nodes:', ...nodes))).toEqual([
      'harombe.yaml:14:13 cluster.nodes[2].tier: expected an integer from 0 to 2, found 9',
      "harombe.yaml:25:8 invalid YAML: `model` is indented more than `host` on line 24 (7 spaces, not 6), so YAML reads it as part of `host`'s value; indent it like `host`, or, if it belongs under `host`, remove the value after `host:`",
      'harombe.yaml:38:13 cluster.nodes[8].tier: expected an integer from 0 to 2, found 9',
    ]);
  });

  it('still says what is missing from a node the YAML error did not touch', () => {
    const text = lines('cluster:', '  nodes:', '    - name: a', '      host: h', '       model: m', '      tier: 0', '    - name: b', '      host: h', '      tier: 5');
    expect(problemsOf(text)).toEqual([
      "harombe.yaml:5:8 invalid YAML: `model` is indented more than `host` on line 4 (7 spaces, not 6), so YAML reads it as part of `host`'s value; indent it like `host`, or, if it belongs under `host`, remove the value after `host:`",
      'harombe.yaml:7:7 cluster.nodes[1].model: expected a non-empty string, found nothing (this key is required)',
      'harombe.yaml:9:13 cluster.nodes[1].tier: expected an integer from 0 to 2, found 5',
    ]);
  });

  it('does not call keys missing that YAML read into the value of a key with `: ` in it', () => {
    const text = lines('cluster:', '  nodes:', '    - name: a', '      host: h: x', '      model: m', '      tier: 1');
    expect(problemsOf(text)).toEqual([
      'harombe.yaml:4:13 invalid YAML: the value of `host` contains `: `, which YAML reads as a second key on the same line; put the value in quotes ("…") if the colon is part of it, or put the inner key on a line of its own',
    ]);
  });

  it('keeps checking the other keys of a section one key of which is written twice', () => {
    // Which `tier` was meant is not known: neither is judged; the port is.
    expect(problemsOf(lines('server:', '  port: 0', '  tier: 7', '  tier: 1'))).toEqual([
      'harombe.yaml:2:9 server.port: expected an integer from 1 to 65535, found 0',
      'harombe.yaml:4:3 duplicate key `tier`: each key may appear only once in a mapping',
    ]);
  });

  it('judges neither copy of a section or list written twice, and says only that it is written twice', () => {
    expect(problemsOf(lines('server:', '  port: 0', 'server:', '  host: a'))).toEqual(['harombe.yaml:3:1 duplicate key `server`: each key may appear only once in a mapping']);
    const nodesTwice = lines('cluster:', '  nodes:', ...node('a', 9), '  nodes: []');
    expect(problemsOf(nodesTwice)).toEqual(['harombe.yaml:7:3 duplicate key `nodes`: each key may appear only once in a mapping']);
  });

  it('still warns about a misspelt first key of a node a YAML error is in', () => {
    const text = lines('cluster:', '  nodes:', '    - nme: a', '      host: h', '       model: m', '      tier: 0');
    expect(problemsOf(text)).toEqual([
      'warning: harombe.yaml:3:7 cluster.nodes[0].nme: unknown key `nme` in cluster.nodes[0] — did you mean `name`? (ignored)',
      "harombe.yaml:5:8 invalid YAML: `model` is indented more than `host` on line 4 (7 spaces, not 6), so YAML reads it as part of `host`'s value; indent it like `host`, or, if it belongs under `host`, remove the value after `host:`",
    ]);
  });

  it('checks the rest of a file whose first line has a YAML error', () => {
    expect(problemsOf(lines('\tmodel: a', 'server:', '  port: 0'))).toEqual([
      'harombe.yaml:1:1 tabs are not allowed for indentation; use spaces',
      'harombe.yaml:3:9 server.port: expected an integer from 1 to 65535, found 0',
    ]);
  });

  it('does not report what YAML misread on the lines after a mistake as mistakes of their own', () => {
    // `port:` read as a key inside host's value, then `port: 0` as that key written twice.
    expect(problemsOf(lines('server:', '  host: port:', '  port: 0'))).toEqual([
      'harombe.yaml:2:9 invalid YAML: the value of `host` contains `: `, which YAML reads as a second key on the same line; put the value in quotes ("…") if the colon is part of it, or put the inner key on a line of its own',
    ]);
    // The next rule read as a list item among the keys of the broken one.
    expect(problemsOf(lines('tools:', '  approvals:', '    - tool: shell', '    decision: allow', '    - tool: web_search', '      decision: allow'))).toEqual([
      'harombe.yaml:4:5 invalid YAML: `decision` starts in the same column as the `- ` on line 3, where only another `- ` item can start; indent it like `tool` (6 spaces) if it belongs to that item, or begin it with `- ` to make it an item of its own',
    ]);
  });

  it('says nothing more about a line with a YAML error on it', () => {
    expect(problemsOf(lines('tools:', '\tshell: yes'))).toEqual(['harombe.yaml:2:1 tabs are not allowed for indentation; use spaces']);
  });

  it('reports a problem on the line right above a YAML error', () => {
    expect(problemsOf(lines('server:', '  port: 8000', '  tier: 9', '\thost: a'))).toEqual([
      'harombe.yaml:3:9 server.tier: expected an integer from 0 to 2, found 9',
      'harombe.yaml:4:1 tabs are not allowed for indentation; use spaces',
    ]);
  });
});

describe('readablePart', () => {
  it('hands back a file without YAML errors as it is, and calls nothing an echo', () => {
    const parsed = parseConfigDocument('server:\n  port: 0\n', 'harombe.yaml');
    const readable = readablePart(parsed);
    expect(readable.document).toBe(parsed.document);
    expect(readable.errors).toEqual([]);
    expect(readable.isEcho({ file: 'harombe.yaml', line: 2, column: 9, keyPath: 'server.port', message: 'x' })).toBe(false);
  });

  it('leaves the parsed document as it was (the copy loses the damaged entry)', () => {
    const parsed = parseConfigDocument('server:\n  port: 1\n  port: 2\n', 'harombe.yaml');
    const readable = readablePart(parsed);
    expect(readable.document.toJS()).toEqual({ server: { port: 1 } });
    expect(parsed.document.toJS()).toEqual({ server: { port: 2 } });
  });
});
