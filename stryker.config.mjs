// Mutation testing of the core (`npm run mutate`; not part of npm test): do its unit tests notice a broken line?
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: true },
  plugins: ['@stryker-mutator/vitest-runner'],
  coverageAnalysis: 'perTest',
  // Narrow a run with `npm run mutate -- --mutate 'src/main/server/security.ts'` (one file or folder at a time).
  mutate: [
    'src/main/agent/**/*.ts',
    'src/main/tools/**/*.ts',
    'src/main/cluster/router.ts',
    'src/main/cluster/cluster-executor*.ts',
    'src/main/cluster/node-attempt.ts',
    'src/main/cluster/failover-policy.ts',
    'src/main/cluster/circuit-breaker.ts',
    'src/main/cluster/health-monitor.ts',
    'src/main/server/security.ts',
    'src/main/config/**/*.ts',
    '!src/**/*.test.ts',
    '!src/**/index.ts',
  ],
  // One mutant at a time: two shared cores.
  concurrency: 1,
  timeoutMS: 10_000,
  // Other runs' sandboxes (.stryker-tmp-*) too: copying a half-written one crashes this run.
  ignorePatterns: ['out', 'test-results', '.reports', 'reports', 'e2e', 'src/renderer', 'resources', 'bench', '.stryker-tmp*'],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 90, low: 80, break: null },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
};
