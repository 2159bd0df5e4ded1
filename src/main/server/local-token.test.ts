// The local token file: made once, private, kept across starts, agreed on by two first starts, replaced when damaged.
import { mkdtemp, readFile, rm, stat, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureLocalToken, localTokenPath, readLocalToken } from './local-token';

let home: string;
beforeEach(async () => {
  home = join(await mkdtemp(join(tmpdir(), 'harombe-token-')), 'home');
});
afterEach(async () => {
  await rm(join(home, '..'), { recursive: true, force: true });
});

describe('the local token', () => {
  it('is made at first start in $HAROMBE_HOME, readable by its owner only, and read back by the CLI', async () => {
    expect(await readLocalToken(home)).toBeUndefined();
    const token = await ensureLocalToken(home);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await stat(localTokenPath(home))).mode & 0o777).toBe(0o600);
    expect((await stat(home)).mode & 0o077).toBe(0);
    expect(await readLocalToken(home)).toBe(token);
  });

  it('stays the same from one start to the next', async () => {
    const first = await ensureLocalToken(home);
    expect(await ensureLocalToken(home)).toBe(first);
  });

  it('is one token when two first starts race', async () => {
    const tokens = await Promise.all(Array.from({ length: 8 }, () => ensureLocalToken(home)));
    expect(new Set(tokens).size).toBe(1);
    expect((await readFile(localTokenPath(home), 'utf8')).trim()).toBe(tokens[0]);
  });

  it('replaces a damaged file (empty after a crash, or edited by hand) with a new token', async () => {
    await ensureLocalToken(home);
    await writeFile(localTokenPath(home), 'short\n');
    const token = await ensureLocalToken(home);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(await readLocalToken(home)).toBe(token);
  });

  it('tightens a file someone made readable by others', async () => {
    await ensureLocalToken(home);
    await chmod(localTokenPath(home), 0o644);
    await ensureLocalToken(home);
    expect((await stat(localTokenPath(home))).mode & 0o777).toBe(0o600);
  });
});
