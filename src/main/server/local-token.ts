// The local token: the credential every route beyond the seed's needs, even from loopback (which every user of the
// machine, and every process the agent starts, shares). Made at first start in $HAROMBE_HOME (0600), read by the CLI.
import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { tempFileName } from '../fs/temp-name';

export const LOCAL_TOKEN_FILE = 'local-token';

/** 32 random bytes, base64url: 43 characters. Anything shorter in the file is treated as damaged and replaced. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43,}$/;

export function localTokenPath(home: string): string {
  return join(home, LOCAL_TOKEN_FILE);
}

function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The token in `home`, or undefined when there is none yet (or the file is not one harombe wrote). */
export async function readLocalToken(home: string): Promise<string | undefined> {
  try {
    const text = (await readFile(localTokenPath(home), 'utf8')).trim();
    return TOKEN_PATTERN.test(text) ? text : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The token in `home`, made there first when missing or damaged. Two first starts at once agree on one token: each
 * writes a private temp file whole, then links it to the name — which only one can do; the other reads the winner's.
 */
export async function ensureLocalToken(home: string): Promise<string> {
  await mkdir(home, { recursive: true, mode: 0o700 });
  const path = localTokenPath(home);
  const existing = await readLocalToken(home);
  if (existing !== undefined) {
    // Someone may have loosened it by hand; the token is worth as much as the tools it opens.
    if (((await stat(path)).mode & 0o077) !== 0) await chmod(path, 0o600);
    return existing;
  }
  const token = newToken();
  // Named as the atomic writer names its temp files, so a start after a crash right here sweeps it away.
  const temp = join(home, tempFileName(LOCAL_TOKEN_FILE, process.pid, randomBytes(4).readUInt32BE()));
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(`${token}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temp, path);
    return token;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // Another start made it just now (use theirs), or the file is damaged (replace it).
    const theirs = await readLocalToken(home);
    if (theirs !== undefined) return theirs;
    await rename(temp, path);
    return token;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}
