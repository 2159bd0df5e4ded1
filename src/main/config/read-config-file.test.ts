// Reading harombe.yaml's text: nothing for a missing file, the text of a file, and a refusal in words for anything else.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from './config-problem';
import { readConfigFile } from './read-config-file';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'harombe-read-config-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('readConfigFile', () => {
  it('gives nothing for a missing file and the text of a file', async () => {
    expect(await readConfigFile(join(folder, 'harombe.yaml'))).toBeUndefined();
    await writeFile(join(folder, 'harombe.yaml'), 'model:\n  name: qwen2.5:7b # é\n');
    expect(await readConfigFile(join(folder, 'harombe.yaml'))).toBe('model:\n  name: qwen2.5:7b # é\n');
  });

  it('refuses a socket with the reason the system gives (Linux will not open one)', async () => {
    const socket = join(folder, 'harombe.yaml');
    const server: Server = createServer();
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    try {
      const error = await readConfigFile(socket).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual([
        {
          file: socket,
          line: 0,
          column: 0,
          keyPath: '',
          message: `cannot read the config file: ENXIO: no such device or address, open '${socket}'`,
        },
      ]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('names what stops it opening the file, as a config problem', async () => {
    await writeFile(join(folder, 'plain'), '');
    const error = await readConfigFile(join(folder, 'plain', 'harombe.yaml')).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe(`${join(folder, 'plain', 'harombe.yaml')} cannot read the config file: ENOTDIR: not a directory, open '${join(folder, 'plain', 'harombe.yaml')}'`);
  });

  it('says in one sentence that a folder or a pipe is no config file, and where to point harombe instead', async () => {
    await mkdir(join(folder, 'folder.yaml'));
    await expect(readConfigFile(join(folder, 'folder.yaml'))).rejects.toThrow(new RegExp(`^${join(folder, 'folder.yaml')} cannot read the config file: it is a folder, not a file$`));
    execFileSync('mkfifo', [join(folder, 'pipe.yaml')]);
    await expect(readConfigFile(join(folder, 'pipe.yaml'))).rejects.toThrow(
      new RegExp(`^${join(folder, 'pipe.yaml')} cannot read the config file: it is a named pipe \\(FIFO\\), not a regular file; point --config \\(or HAROMBE_HOME\\) at a harombe\\.yaml file$`),
    );
  });
});
