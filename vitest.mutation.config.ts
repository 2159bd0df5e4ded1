// The unit tests Stryker runs against each mutant of the core: fast, in-process, no servers on ports.
import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  define: { __HAROMBE_VERSION__: JSON.stringify(pkg.version) },
  test: {
    include: [
      'src/main/agent/**/*.test.ts',
      'src/main/tools/**/*.test.ts',
      'src/main/cluster/**/*.test.ts',
      'src/main/config/**/*.test.ts',
      'src/main/server/security.test.ts',
      // In-process (app.request, no port): the middleware as clients meet it.
      'test/server/security.test.ts',
      // The approval-rules table corpus, in-process (approvals-api and agent-rules start a runtime: left out).
      'test/approval-rules/corpus.test.ts',
      'test/approval-rules/config.test.ts',
      'test/approval-rules/always-allow-options.test.ts',
      'test/approval-rules/workspace-paths.test.ts',
      'test/approval-rules/reasons.test.ts',
      'test/approval-rules/rule-entries.test.ts',
    ],
    // These open sockets (a fake search engine, a probe server); a mutant run each would cost seconds.
    exclude: ['src/main/tools/web-search-tool.test.ts', 'src/main/cluster/probe-transport.test.ts'],
    environment: 'node',
    // Tells the few size tests to run small (load-config.test.ts): each mutant reruns them.
    env: { HAROMBE_MUTATION_RUN: '1' },
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // One worker: the machine has two cores shared with other work.
    maxWorkers: 1,
  },
});
