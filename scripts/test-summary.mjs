// Sums vitest's and Playwright's JSON reports into the plain line "N passed, N failed[, N skipped]".
// Exits 1 when anything failed or a report is missing (a stage that never ran counts as one failure).
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;

function read(path) {
  if (!existsSync(path)) {
    console.error(`no report at ${path} (that stage did not run)`);
    failed += 1;
    return null;
  }
  return JSON.parse(readFileSync(path, 'utf8'));
}

const [vitestPath, playwrightPath] = process.argv.slice(2);
const vitest = vitestPath ? read(vitestPath) : null;
if (vitest) {
  passed += vitest.numPassedTests ?? 0;
  failed += (vitest.numFailedTests ?? 0) + (vitest.numRuntimeErrorCount ?? 0);
  skipped += (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0);
  failed += (vitest.testResults ?? []).filter((file) => file.status === 'failed' && file.assertionResults?.length === 0).length;
}
const playwright = playwrightPath ? read(playwrightPath) : null;
if (playwright) {
  const stats = playwright.stats ?? {};
  passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
  failed += stats.unexpected ?? 0;
  skipped += stats.skipped ?? 0;
  failed += (playwright.errors ?? []).length;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
