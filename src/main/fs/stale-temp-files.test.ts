import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from './atomic-write';
import { removeStaleTempFiles } from './stale-temp-files';
import { parseTempFileName, tempFileName } from './temp-name';

/** The pid of a process that has ended: what a write killed mid-way leaves in its temp file's name. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

const scratch = () => mkdtemp(join(tmpdir(), 'harombe-sweep-'));
const HOUR_AGO = new Date(Date.now() - 60 * 60 * 1000);

describe('temp file names', () => {
  it('are the ones the atomic writer makes, and name the file and the writer', async () => {
    const folder = await scratch();
    expect(parseTempFileName(tempFileName('harombe.yaml', 4242, 35))).toEqual({ file: 'harombe.yaml', pid: 4242 });
    // The writer's own temp names parse (a write in flight is seen for a moment by a folder listing).
    await writeFileAtomic(join(folder, 'a.json'), 'x');
    expect(parseTempFileName(tempFileName('a.json', process.pid, 1))?.pid).toBe(process.pid);
  });

  it('are not a person’s files that merely look alike', () => {
    for (const name of ['.notes.txt.tmp', 'harombe.yaml.1234.1.tmp', '.harombe.yaml.bak', '.x.harombe-.tmp', '.x.harombe-12-1.tmp.swp']) {
      expect(parseTempFileName(name), name).toBeUndefined();
    }
    // The plainer earlier form counts only for a file harombe is known to write there.
    expect(parseTempFileName('.notes.txt.1234.1.tmp')).toBeUndefined();
    expect(parseTempFileName('.abc.json.1234.1.tmp', (file) => file.endsWith('.json'))).toEqual({ file: 'abc.json', pid: 1234 });
  });
});

describe('removeStaleTempFiles', () => {
  it('removes temp files whose writer is gone, and keeps one a live process is writing', async () => {
    const folder = await scratch();
    const gone = deadPid();
    await writeFile(join(folder, tempFileName('a.json', gone, 1)), 'half a conversa');
    await writeFile(join(folder, tempFileName('b.json', gone, 2)), 'half');
    await writeFile(join(folder, tempFileName('c.json', process.ppid, 3)), 'being written');
    const result = await removeStaleTempFiles([{ folder }]);
    expect(result.removed.map((path) => path.slice(folder.length + 1)).sort()).toEqual([tempFileName('a.json', gone, 1), tempFileName('b.json', gone, 2)]);
    expect(result.bytes).toBe('half a conversa'.length + 'half'.length);
    expect(await readdir(folder)).toEqual([tempFileName('c.json', process.ppid, 3)]);
  });

  it('removes an old one even when a process with its pid is alive (the pid may be reused)', async () => {
    const folder = await scratch();
    const old = join(folder, tempFileName('a.json', process.ppid, 1));
    await writeFile(old, 'x');
    await utimes(old, HOUR_AGO, HOUR_AGO);
    await writeFile(join(folder, tempFileName('b.json', process.pid, 2)), 'this process, writing now');
    await removeStaleTempFiles([{ folder }]);
    expect(await readdir(folder)).toEqual([tempFileName('b.json', process.pid, 2)]);
  });

  it('touches only plain files with its names, only for the files it is told, and skips a missing folder', async () => {
    const folder = await scratch();
    const gone = deadPid();
    const target = join(folder, 'precious.txt');
    await writeFile(target, 'mine');
    await symlink(target, join(folder, tempFileName('link.json', gone, 1)));
    await mkdir(join(folder, tempFileName('dir.json', gone, 2)));
    await writeFile(join(folder, tempFileName('notes.txt', gone, 3)), 'a temp of a file not ours to clear');
    await writeFile(join(folder, '.notes.txt.1234.1.tmp'), 'a person’s file');
    await writeFile(join(folder, tempFileName('harombe.yaml', gone, 4)), 'half a config');
    const result = await removeStaleTempFiles([{ folder: join(folder, 'missing') }, { folder, files: ['harombe.yaml'] }]);
    expect(result.removed).toEqual([join(folder, tempFileName('harombe.yaml', gone, 4))]);
    expect((await readdir(folder)).sort()).toEqual(
      ['.notes.txt.1234.1.tmp', 'precious.txt', tempFileName('dir.json', gone, 2), tempFileName('link.json', gone, 1), tempFileName('notes.txt', gone, 3)].sort(),
    );
  });
});
