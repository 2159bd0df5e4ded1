// Unit tests beside the code (src/**/*.test.ts) and integration tests in test/; e2e/ belongs to Playwright.
import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  define: { __HAROMBE_VERSION__: JSON.stringify(pkg.version) },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts', 'eslint/**/*.test.js'],
    exclude: ['e2e/**', 'node_modules/**', 'out/**'],
    environment: 'node',
    setupFiles: ['test/support/environment-guard.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    reporters: ['default', ['json', { outputFile: '.reports/vitest.json' }]],
  },
});
