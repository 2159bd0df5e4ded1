import { describe, expect, it } from 'vitest';
import { ConfigError, formatConfigProblem, formatKeyPath, inFileOrder, type ConfigProblem } from './config-problem';

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

  it('marks a warning as one, and sums up with the first error rather than a warning before it', () => {
    const warning: ConfigProblem = { file: 'a.yaml', line: 1, column: 1, keyPath: 'colour', message: 'unknown key', severity: 'warning' };
    const error: ConfigProblem = { file: 'a.yaml', line: 4, column: 3, keyPath: 'tier', message: 'expected an integer from 0 to 2, found 3' };
    expect(formatConfigProblem(warning)).toBe('warning: a.yaml:1:1 colour: unknown key');
    const both = new ConfigError([warning, error]);
    expect(both.message).toBe('a.yaml:4:3 tier: expected an integer from 0 to 2, found 3 (and 1 more problem)');
    expect(both.name).toBe('ConfigError');
    expect(new ConfigError([warning]).message).toBe('warning: a.yaml:1:1 colour: unknown key');
    expect(new ConfigError([error]).message).toBe('a.yaml:4:3 tier: expected an integer from 0 to 2, found 3');
    expect(new ConfigError([]).message).toBe('invalid config');
  });

  it('counts errors and warnings in words, leaving out warnings when there are none', () => {
    const problem: ConfigProblem = { file: 'a.yaml', line: 1, column: 1, keyPath: 'x', message: 'bad' };
    const warning: ConfigProblem = { ...problem, severity: 'warning' };
    expect(new ConfigError([problem]).countProblems()).toBe('1 error');
    expect(new ConfigError([problem, problem]).countProblems()).toBe('2 errors');
    expect(new ConfigError([problem, warning]).countProblems()).toBe('1 error and 1 warning');
    expect(new ConfigError([problem, problem, warning, warning]).countProblems()).toBe('2 errors and 2 warnings');
  });

  it('orders problems top to bottom, then left to right, those without a place last', () => {
    const at = (line: number, column: number, keyPath: string): ConfigProblem => ({ file: 'a.yaml', line, column, keyPath, message: 'bad' });
    const ordered = inFileOrder([at(0, 0, 'unplaced'), at(12, 1, 'twelve'), at(3, 9, 'three-nine'), at(3, 2, 'three-two'), at(100, 1, 'hundred')]);
    expect(ordered.map((problem) => problem.keyPath)).toEqual(['three-two', 'three-nine', 'twelve', 'hundred', 'unplaced']);
  });
});
