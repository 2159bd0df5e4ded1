import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from './atomic-write';

describe('writeFileAtomic', () => {
  it('replaces the content and leaves no temp file behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'harombe-atomic-'));
    const file = join(dir, 'a.yaml');
    await writeFile(file, 'old');
    await writeFileAtomic(file, 'new');
    expect(await readFile(file, 'utf8')).toBe('new');
    expect(await readdir(dir)).toEqual(['a.yaml']);
  });

  it('creates missing folders and applies the mode', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'harombe-atomic-'));
    const file = join(dir, 'deep', 'secret.yaml');
    await writeFileAtomic(file, 'token: x', { mode: 0o600 });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });
});
