// The layer rules really run in `npm run lint`: a file breaking one makes ESLint fail, naming the rule.
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = process.cwd();
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(root, 'src/main/config/.lint-probe-'));
});
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function lint(relativeDir: string, fileName: string, code: string) {
  const dir = join(scratch, relativeDir);
  await mkdir(dir, { recursive: true });
  const file = join(dir, fileName);
  await writeFile(file, code);
  const eslint = new ESLint({ cwd: root });
  const [result] = await eslint.lintFiles([file]);
  return result!.messages.filter((message) => message.ruleId === 'harombe/layers').map((message) => message.message);
}

describe('npm run lint enforces the layers', () => {
  it('rejects electron imported from src/main/config', async () => {
    const messages = await lint('', 'bad-electron.ts', "import { app } from 'electron';\nexport const name = app.name;\n");
    expect(messages).toEqual([expect.stringMatching(/only src\/main\/electron and src\/preload may import "electron"/)]);
  });

  it('accepts an import of src/shared from src/main/config', async () => {
    const messages = await lint('', 'good.ts', "import { harombeConfigSchema } from '../../../shared/config-schema';\nexport const schema = harombeConfigSchema;\n");
    expect(messages).toEqual([]);
  });
});
