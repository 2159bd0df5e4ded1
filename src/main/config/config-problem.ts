// What is wrong with a config file, where (file:line:column and key path), and the error that carries a list of them.

/** One thing wrong (or suspicious) in a config file, pointing at the exact spot. */
export interface ConfigProblem {
  file: string;
  /** 1-based; 0 when the problem has no place in the file (it cannot be read, or the value was never in it). */
  line: number;
  /** 1-based; 0 together with line. */
  column: number;
  /** Where in the config, e.g. `cluster.nodes[1].tier`; empty for the file as a whole. */
  keyPath: string;
  /** What was expected and what was found. */
  message: string;
  /**
   * `warning` on a warning listed beside errors (in a ConfigError), so it prints as one; absent on an error, and on
   * LoadedConfig.warnings, which are all warnings.
   */
  severity?: 'warning';
}

export type KeyPath = readonly (string | number)[];

/** `['cluster', 'nodes', 1, 'tier']` → `cluster.nodes[1].tier`. */
export function formatKeyPath(path: KeyPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? segment : `.${segment}`;
  }
  return text;
}

/** `harombe.yaml:12:13 cluster.nodes[0].tier: expected an integer from 0 to 2, found 3` (`warning: ` first on a warning). */
export function formatConfigProblem(problem: ConfigProblem): string {
  const where = problem.line > 0 ? `${problem.file}:${problem.line}:${problem.column}` : problem.file;
  const text = problem.keyPath ? `${where} ${problem.keyPath}: ${problem.message}` : `${where} ${problem.message}`;
  return problem.severity === 'warning' ? `warning: ${text}` : text;
}

/** In file order (line, then column), so a person can fix them top to bottom; problems without a position go last. */
export function inFileOrder<T extends ConfigProblem>(problems: T[]): T[] {
  const rank = (problem: ConfigProblem): number => (problem.line > 0 ? problem.line * 100_000 + problem.column : Number.MAX_SAFE_INTEGER);
  return problems.sort((first, second) => rank(first) - rank(second));
}

/**
 * A config that cannot be used. Nothing was loaded or written; `problems` says everything that must change, and the
 * file's warnings (marked `severity: 'warning'`) among them, in file order.
 */
export class ConfigError extends Error {
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    const first = problems.find((problem) => problem.severity !== 'warning') ?? problems[0];
    const summary = first ? formatConfigProblem(first) : 'invalid config';
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
    super(summary + more);
    this.name = 'ConfigError';
    this.problems = problems;
  }

  /** `2 errors and 1 warning` (warnings left out when there are none). */
  countProblems(): string {
    const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;
    const warnings = this.problems.filter((problem) => problem.severity === 'warning').length;
    const errors = plural(this.problems.length - warnings, 'error');
    return warnings > 0 ? `${errors} and ${plural(warnings, 'warning')}` : errors;
  }

  /** Every problem, one per line, as a person reads them. */
  describe(): string {
    return this.problems.map(formatConfigProblem).join('\n');
  }
}
