import { describe, expect, it } from 'vitest';
import { ConfigError, formatConfigProblem, formatKeyPath } from './config-problem';

describe('config problems', () => {
  it('formats key paths with list indexes', () => {
    expect(formatKeyPath(['cluster', 'nodes', 1, 'tier'])).toBe('cluster.nodes[1].tier');
    expect(formatKeyPath([])).toBe('');
  });

  it('formats file:line:column, the key path and the message', () => {
    const problem = { file: 'harombe.yaml', line: 12, column: 13, keyPath: 'cluster.nodes[0].tier', message: 'expected an integer from 0 to 2, found 3' };
    expect(formatConfigProblem(problem)).toBe('harombe.yaml:12:13 cluster.nodes[0].tier: expected an integer from 0 to 2, found 3');
    expect(formatConfigProblem({ ...problem, line: 0, column: 0, keyPath: '' })).toBe('harombe.yaml expected an integer from 0 to 2, found 3');
  });

  it('summarises several problems in the error message and lists them all', () => {
    const problem = { file: 'a.yaml', line: 1, column: 1, keyPath: 'x', message: 'bad' };
    const error = new ConfigError([problem, { ...problem, line: 2 }, { ...problem, line: 3 }]);
    expect(error.message).toBe('a.yaml:1:1 x: bad (and 2 more problems)');
    expect(error.describe().split('\n')).toEqual(['a.yaml:1:1 x: bad', 'a.yaml:2:1 x: bad', 'a.yaml:3:1 x: bad']);
  });
});
