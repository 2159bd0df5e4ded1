import { describe, expect, it } from 'vitest';
import { errorsOf } from '../../../test/support/config-problems';

// Where each problem is said to be: the line and column a person jumps to in their editor.
describe('config problems, placed in the file', () => {
  it('a repeated key comes in file order among the other YAML errors, before the one below it', () => {
    expect(errorsOf('server:\n  port: 1\n  port: 2\nmodel: [a\n')).toEqual([
      'harombe.yaml:3:3 duplicate key `port`: each key may appear only once in a mapping',
      'harombe.yaml:4:8 invalid YAML: the [ starting here is never closed (add the closing ])',
    ]);
  });

  it('a key given without any value in a flow mapping (`{ name, … }`) is pointed at itself', () => {
    expect(errorsOf('cluster:\n  nodes:\n    - { name, host: h, model: m, tier: 0 }\n')).toEqual([
      'harombe.yaml:3:9 cluster.nodes[0].name: expected a non-empty string, found nothing (this key is required)',
    ]);
  });
});
