// The layer rules really run in `npm run lint`: a file breaking one makes ESLint fail, naming the rule.
// The probe files are linted as text under a path in src/ (ESLint's lintText): nothing is written into the tree.
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = process.cwd();

async function lint(relativePath: string, code: string) {
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintText(code, { filePath: join(root, relativePath) });
  return result!.messages.filter((message) => message.ruleId === 'harombe/layers').map((message) => message.message);
}

describe('npm run lint enforces the layers', () => {
  it('rejects electron imported from src/main/config', async () => {
    const messages = await lint('src/main/config/lint-probe.ts', "import { app } from 'electron';\nexport const name = app.name;\n");
    expect(messages).toEqual([expect.stringMatching(/only src\/main\/electron and src\/preload may import "electron"/)]);
  });

  it('accepts an import of src/shared from src/main/config', async () => {
    const messages = await lint('src/main/config/lint-probe.ts', "import { harombeConfigSchema } from '../../shared/config-schema';\nexport const schema = harombeConfigSchema;\n");
    expect(messages).toEqual([]);
  });

  it('lets src/shared import zod and eventsource-parser (both isomorphic), and no other package', async () => {
    const allowed = "import { z } from 'zod';\nimport { createParser } from 'eventsource-parser';\nexport const parts = [z, createParser];\n";
    expect(await lint('src/shared/lint-probe.ts', allowed)).toEqual([]);
    const other = await lint('src/shared/lint-probe.ts', "import { parse } from 'yaml';\nexport const read = parse;\n");
    expect(other).toEqual(['Layer rule: src/shared may import only zod, eventsource-parser, not "yaml".']);
  });

  it('rejects src/cli imported from src/main', async () => {
    const messages = await lint('src/main/config/lint-probe.ts', "import { run } from '../../cli/index';\nexport const start = run;\n");
    expect(messages).toHaveLength(1);
  });
});
