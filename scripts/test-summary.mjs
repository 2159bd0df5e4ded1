// Sums vitest's and Playwright's JSON reports (and any step that failed outside them) into one closing line,
// "N passed, N failed[, N skipped]", with each skip's reason and each failure listed above it.
// Run directly: `node scripts/test-summary.mjs .reports/vitest.json .reports/playwright.json`; exits 1 when anything
// failed or a report is missing (a stage that never ran counts as one failure).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';

const MAX_LISTED_FAILURES = 20;

function readJson(path) {
  if (!path || !existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/** "skipping the X tests: why" → "the X tests: why", so the summary does not say "skipped … skipping". */
function reasonText(line) {
  return line.replace(/^\s*skipping\s+/i, '');
}

function vitestTotals(report, skipReasons, root, totals) {
  totals.passed += report.numPassedTests ?? 0;
  totals.failed += (report.numFailedTests ?? 0) + (report.numRuntimeErrorCount ?? 0);
  totals.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  const reasonsByFile = new Map((skipReasons?.files ?? []).map((entry) => [entry.file, entry.reasons ?? []]));
  for (const file of report.testResults ?? []) {
    const name = relative(root, file.name);
    const results = file.assertionResults ?? [];
    // A file that failed before any test ran (a syntax error, a throw at import) has no results but is a failure.
    if (file.status === 'failed' && results.length === 0) {
      totals.failed += 1;
      totals.failures.push(`${name}: ${(file.message || 'failed before its tests ran').split('\n')[0]}`);
    }
    for (const result of results) {
      if (result.status === 'failed') totals.failures.push(`${name} > ${result.fullName}`);
    }
    const skipped = results.filter((result) => ['skipped', 'pending', 'todo'].includes(result.status)).length;
    if (skipped > 0) totals.skips.push({ where: name, count: skipped, reasons: reasonsByFile.get(name) ?? [] });
  }
}

function* playwrightTests(suite) {
  for (const spec of suite.specs ?? []) for (const test of spec.tests ?? []) yield { file: spec.file ?? suite.file, spec, test };
  for (const child of suite.suites ?? []) yield* playwrightTests(child);
}

function playwrightTotals(report, root, totals) {
  const stats = report.stats ?? {};
  totals.passed += (stats.expected ?? 0) + (stats.flaky ?? 0);
  totals.failed += stats.unexpected ?? 0;
  totals.skipped += stats.skipped ?? 0;
  totals.failed += (report.errors ?? []).length;
  for (const error of report.errors ?? []) totals.failures.push(`Playwright: ${(error.message ?? 'error').split('\n')[0]}`);
  const skipsByFile = new Map();
  for (const suite of report.suites ?? []) {
    for (const { file, spec, test } of playwrightTests(suite)) {
      const where = relative(root, join(report.config?.rootDir ?? join(root, 'e2e'), file));
      if (test.status === 'unexpected') totals.failures.push(`${where} > ${spec.title}`);
      if (test.status !== 'skipped') continue;
      const annotations = [...(test.annotations ?? []), ...(test.results ?? []).flatMap((result) => result.annotations ?? [])];
      const reasons = annotations.filter((note) => note.type === 'skip' && note.description).map((note) => note.description);
      const entry = skipsByFile.get(where) ?? { where, count: 0, reasons: [] };
      entry.count += 1;
      entry.reasons = [...new Set([...entry.reasons, ...reasons])];
      skipsByFile.set(where, entry);
    }
  }
  totals.skips.push(...skipsByFile.values());
}

/**
 * Totals for one test run. `steps` are the commands that ran ({ name, status, report? }); a step that exited
 * non-zero counts as one failure unless its report already holds a failure (a failed test is counted once).
 */
export function summarize({ vitestPath, playwrightPath, root = process.cwd(), steps = [] }) {
  const totals = { passed: 0, failed: 0, skipped: 0, skips: [], failures: [] };
  const reports = { vitest: vitestPath, playwright: playwrightPath };
  for (const [kind, path] of Object.entries(reports)) {
    if (!path) continue;
    const report = readJson(path);
    const step = steps.find((candidate) => candidate.report === kind);
    if (!report) {
      totals.failed += 1;
      const why = step && step.status !== 0 ? `it exited with status ${step.status}` : 'that stage did not run';
      totals.failures.push(`${kind}: no report at ${relative(root, path)} (${why})`);
      continue;
    }
    const failedBefore = totals.failed;
    if (kind === 'vitest') vitestTotals(report, readJson(join(dirname(path), 'vitest-skips.json')), root, totals);
    else playwrightTotals(report, root, totals);
    if (step && step.status !== 0 && totals.failed === failedBefore) {
      totals.failed += 1;
      totals.failures.push(`${step.name}: exited with status ${step.status} though its report holds no failed test`);
    }
  }
  for (const step of steps) {
    if (step.report || step.status === 0) continue;
    totals.failed += 1;
    totals.failures.push(`${step.name}: exited with status ${step.status} (its output is above)`);
  }
  return totals;
}

/** The lines printed at the end: skips with their reasons, failures, then the one total line (last, for CI). */
export function formatSummary(totals) {
  const lines = [];
  for (const skip of totals.skips) {
    const reasons = skip.reasons.length > 0 ? skip.reasons.map(reasonText).join('; ') : 'no reason printed';
    lines.push(`skipped ${skip.count} in ${skip.where}: ${reasons}`);
  }
  for (const failure of totals.failures.slice(0, MAX_LISTED_FAILURES)) lines.push(`failed: ${failure}`);
  if (totals.failures.length > MAX_LISTED_FAILURES) {
    lines.push(`failed: … and ${totals.failures.length - MAX_LISTED_FAILURES} more (see the output above)`);
  }
  lines.push(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
  return lines;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [vitestPath, playwrightPath] = process.argv.slice(2);
  const totals = summarize({ vitestPath, playwrightPath });
  for (const line of formatSummary(totals)) console.log(line);
  process.exit(totals.failed > 0 ? 1 : 0);
}
