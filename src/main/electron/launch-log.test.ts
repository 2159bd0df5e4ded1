import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openLaunchLog } from './launch-log';

describe('the per-launch log', () => {
  it('writes each launch to its own file, keeping the last ten', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'harombe-logs-'));
    for (let day = 10; day < 22; day += 1) await writeFile(join(folder, `harombe-2026-01-${day}T00-00-00-000Z.log`), 'old\n');
    const log = openLaunchLog(folder, new Date('2026-02-01T08:00:00Z'));
    log.logger.warn('The model server cannot answer.');
    expect(log.path).toBe(join(folder, 'harombe-2026-02-01T08-00-00-000Z.log'));
    expect(await readFile(log.path, 'utf8')).toMatch(/ warn The model server cannot answer\.\n$/);
    const files = (await readdir(folder)).sort();
    expect(files).toHaveLength(10);
    expect(files[0]).toBe('harombe-2026-01-13T00-00-00-000Z.log');
  });
});
