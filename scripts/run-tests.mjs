// `npm test`: typecheck, lint, build, vitest and Playwright, in that order, then one summary for all of them.
// Every step runs even when an earlier one failed (a lint error should not hide a failing test), the summary is
// always printed, and the exit status is 1 when anything failed.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { formatSummary, summarize } from './test-summary.mjs';

const REPORTS = '.reports';

export const defaultSteps = [
  { name: 'typecheck', command: 'npm', args: ['run', '--silent', 'typecheck'] },
  { name: 'lint', command: 'npm', args: ['run', '--silent', 'lint'] },
  { name: 'build', command: 'npm', args: ['run', '--silent', 'build'] },
  {
    name: 'vitest',
    report: 'vitest',
    command: 'npx',
    args: [
      'vitest',
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${REPORTS}/vitest.json`,
      // Writes .reports/vitest-skips.json: why each skipped file skipped.
      '--reporter=./scripts/vitest-skip-reasons.mjs',
    ],
  },
  { name: 'Playwright', report: 'playwright', command: 'npx', args: ['playwright', 'test'] },
];

function run(step, cwd) {
  return new Promise((resolvePromise) => {
    const child = spawn(step.command, step.args, { cwd, stdio: 'inherit', shell: process.platform === 'win32' });
    child.on('error', (error) => {
      console.error(`${step.name}: could not start ${step.command} (${error.message})`);
      resolvePromise(127);
    });
    child.on('close', (code, signal) => resolvePromise(code ?? (signal ? 128 : 1)));
  });
}

/** Runs `steps` in `cwd`, prints the summary, and resolves to the exit status (0 only when nothing failed). */
export async function runTests({ steps = defaultSteps, cwd = process.cwd(), log = console.log } = {}) {
  const reports = resolve(cwd, REPORTS);
  // Reports left by an earlier run must not stand in for a step that did not write one this time.
  for (const name of ['vitest.json', 'vitest-skips.json', 'playwright.json', 'summary.txt']) rmSync(join(reports, name), { force: true });
  const ran = [];
  for (const step of steps) {
    log(`\n== ${step.name}`);
    ran.push({ name: step.name, report: step.report, status: await run(step, cwd) });
  }
  const totals = summarize({
    vitestPath: join(reports, 'vitest.json'),
    playwrightPath: join(reports, 'playwright.json'),
    root: cwd,
    steps: ran,
  });
  const lines = formatSummary(totals);
  log('\n== summary');
  for (const line of lines) log(line);
  mkdirSync(reports, { recursive: true });
  writeFileSync(join(reports, 'summary.txt'), `${lines.join('\n')}\n`);
  return totals.failed > 0 ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runTests();
}
