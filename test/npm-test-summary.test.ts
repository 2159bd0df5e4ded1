// The end of `npm test`: one closing line for vitest and Playwright together, each skip with its reason, and a
// failed step that still lets the others run, the summary print and the exit status say so.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('..', import.meta.url));
const runTestsModule = join(repo, 'scripts/run-tests.mjs');

interface FakeStep {
  name: string;
  report?: 'vitest' | 'playwright';
  command: string;
  args: string[];
}

/** A step that writes `files` (name → JSON) into .reports and exits with `status`, as the real tools would. */
function fakeStep(name: string, status: number, files: Record<string, unknown> = {}, report?: FakeStep['report']): FakeStep {
  const script = `
    const { mkdirSync, writeFileSync } = require('node:fs');
    mkdirSync('.reports', { recursive: true });
    for (const [name, body] of Object.entries(${JSON.stringify(files)})) writeFileSync('.reports/' + name, JSON.stringify(body));
    process.exit(${status});`;
  return { name, command: process.execPath, args: ['-e', script], ...(report ? { report } : {}) };
}

async function runTests(cwd: string, steps: FakeStep[]): Promise<{ status: number; lines: string[] }> {
  const driver = `import { runTests } from ${JSON.stringify(runTestsModule)};
    process.exitCode = await runTests({ steps: JSON.parse(process.env.STEPS), cwd: process.cwd() });`;
  const options = { cwd, env: { ...process.env, STEPS: JSON.stringify(steps) } };
  try {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', driver], options);
    return { status: 0, lines: stdout.trimEnd().split('\n') };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { status: failed.code, lines: failed.stdout.trimEnd().split('\n') };
  }
}

function vitestReport(cwd: string, results: Array<{ file: string; statuses: string[] }>): unknown {
  const all = results.flatMap((result) => result.statuses);
  return {
    numPassedTests: all.filter((status) => status === 'passed').length,
    numFailedTests: all.filter((status) => status === 'failed').length,
    numPendingTests: all.filter((status) => status === 'skipped').length,
    numTodoTests: 0,
    testResults: results.map(({ file, statuses }) => ({
      name: join(cwd, file),
      status: statuses.includes('failed') ? 'failed' : 'passed',
      message: '',
      assertionResults: statuses.map((status, index) => ({ status, fullName: `case ${index}` })),
    })),
  };
}

function playwrightReport(cwd: string): unknown {
  const electronSkip = 'Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD): the desktop shell cannot launch here';
  return {
    config: { rootDir: join(cwd, 'e2e') },
    stats: { expected: 2, unexpected: 0, flaky: 0, skipped: 1 },
    errors: [],
    suites: [
      { file: 'chat.spec.ts', specs: [{ title: 'chat', file: 'chat.spec.ts', tests: [{ status: 'expected', annotations: [] }] }] },
      { file: 'sign-in.spec.ts', specs: [{ title: 'sign in', file: 'sign-in.spec.ts', tests: [{ status: 'expected', annotations: [] }] }] },
      {
        file: 'electron-launch.spec.ts',
        specs: [
          {
            title: 'the desktop app opens',
            file: 'electron-launch.spec.ts',
            tests: [{ status: 'skipped', annotations: [{ type: 'skip', description: electronSkip }], results: [] }],
          },
        ],
      },
    ],
  };
}

describe('npm test (scripts/run-tests.mjs)', () => {
  let cwd: string;
  beforeEach(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'harombe-run-tests-'));
  });
  afterEach(async () => {
    await rm(cwd, { recursive: true, force: true });
  });

  it('ends with one line for vitest and Playwright together, each skip listed with its reason', async () => {
    const vitest = vitestReport(cwd, [
      { file: 'src/a.test.ts', statuses: ['passed', 'passed'] },
      { file: 'test/shell-sandbox.test.ts', statuses: ['skipped', 'skipped'] },
      { file: 'test/server/streaming.test.ts', statuses: ['passed', 'skipped'] },
    ]);
    const skips = {
      files: [
        { file: 'test/shell-sandbox.test.ts', skipped: 2, reasons: ['skipping the sandboxed shell: bwrap: setting up uid map: Permission denied'] },
      ],
    };
    const { status, lines } = await runTests(cwd, [
      fakeStep('typecheck', 0),
      fakeStep('vitest', 0, { 'vitest.json': vitest, 'vitest-skips.json': skips }, 'vitest'),
      fakeStep('Playwright', 0, { 'playwright.json': playwrightReport(cwd) }, 'playwright'),
    ]);

    expect(status).toBe(0);
    expect(lines.at(-1)).toBe('5 passed, 0 failed, 4 skipped');
    expect(lines).toContain('skipped 2 in test/shell-sandbox.test.ts: the sandboxed shell: bwrap: setting up uid map: Permission denied');
    expect(lines).toContain('skipped 1 in test/server/streaming.test.ts: no reason printed');
    expect(lines).toContain(
      'skipped 1 in e2e/electron-launch.spec.ts: Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD): the desktop shell cannot launch here',
    );
    expect(await readFile(join(cwd, '.reports/summary.txt'), 'utf8')).toContain('5 passed, 0 failed, 4 skipped');
  });

  it('runs every step after one fails, still prints the summary, and exits 1 naming the failed step', async () => {
    const { status, lines } = await runTests(cwd, [
      fakeStep('lint', 2),
      fakeStep('vitest', 0, { 'vitest.json': vitestReport(cwd, [{ file: 'src/a.test.ts', statuses: ['passed'] }]) }, 'vitest'),
      fakeStep('Playwright', 0, { 'playwright.json': playwrightReport(cwd) }, 'playwright'),
    ]);

    expect(status).toBe(1);
    expect(lines).toContain('failed: lint: exited with status 2 (its output is above)');
    expect(lines.at(-1)).toBe('3 passed, 1 failed, 1 skipped');
  });

  it('counts a test stage that crashed before writing its report as a failure, and ignores an old report', async () => {
    const stale = vitestReport(cwd, [{ file: 'src/a.test.ts', statuses: ['passed', 'passed', 'passed'] }]);
    await runTests(cwd, [fakeStep('old run', 0, { 'vitest.json': stale })]);

    const { status, lines } = await runTests(cwd, [
      fakeStep('vitest', 1, {}, 'vitest'),
      fakeStep('Playwright', 0, { 'playwright.json': playwrightReport(cwd) }, 'playwright'),
    ]);

    expect(status).toBe(1);
    expect(lines).toContain('failed: vitest: no report at .reports/vitest.json (it exited with status 1)');
    expect(lines.at(-1)).toBe('2 passed, 1 failed, 1 skipped');
  });
});

describe('the vitest skip-reason reporter (scripts/vitest-skip-reasons.mjs)', () => {
  it("puts what a skipping test file printed, and not a running test's output, beside its skipped count", async () => {
    const reports = await mkdtemp(join(tmpdir(), 'harombe-skip-reasons-'));
    try {
      const config = join(repo, 'test/fixtures/skip-reasons/vitest.config.mjs');
      const env = { ...process.env, SKIP_FIXTURE_REPORTS: reports };
      await run(process.execPath, [join(repo, 'node_modules/vitest/vitest.mjs'), 'run', '--config', config], { cwd: repo, env });

      const { stdout } = await run(process.execPath, [join(repo, 'scripts/test-summary.mjs'), join(reports, 'vitest.json')], { cwd: repo });
      expect(stdout.trimEnd().split('\n')).toEqual([
        'skipped 2 in test/fixtures/skip-reasons/skips.fixture.ts: the frobnicator tests: the frobnicator is not installed here',
        '1 passed, 0 failed, 2 skipped',
      ]);
    } finally {
      await rm(reports, { recursive: true, force: true });
    }
  });
});
