// A vitest reporter that writes why tests were skipped, per test file, for the summary at the end of `npm test`.
// A skip's reason is what its file printed starting with "skipping" (the habit in test/support/bubblewrap.ts, since
// describe.skipIf takes no note) or the note given to ctx.skip(note); the file's other output is ignored.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

const SKIP_LINE = /^\s*skipping\b/i;

export default class SkipReasonsReporter {
  constructor(options = {}) {
    this.outputFile = options.outputFile ?? '.reports/vitest-skips.json';
    /** Reason lines printed by each test file, by the file task's id. */
    this.printed = new Map();
  }

  onInit(vitest) {
    this.root = vitest.config.root;
  }

  onUserConsoleLog(log) {
    if (!log.taskId) return;
    const lines = log.content.split('\n').filter((line) => SKIP_LINE.test(line)).map((line) => line.trim());
    if (lines.length === 0) return;
    this.printed.set(log.taskId, [...(this.printed.get(log.taskId) ?? []), ...lines]);
  }

  onTestRunEnd(testModules) {
    const files = [];
    for (const testModule of testModules) {
      const skipped = [...testModule.children.allTests()].filter((test) => test.result().state === 'skipped');
      if (skipped.length === 0) continue;
      const notes = skipped.map((test) => test.result().note).filter(Boolean);
      // Only what the file printed while it was collected: a running test's output is not a skip reason.
      const printed = this.printed.get(testModule.id) ?? [];
      files.push({
        file: relative(this.root ?? process.cwd(), testModule.moduleId),
        skipped: skipped.length,
        reasons: [...new Set([...printed, ...notes])],
      });
    }
    const path = resolve(this.root ?? process.cwd(), this.outputFile);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, `${JSON.stringify({ files }, null, 2)}\n`);
  }
}
