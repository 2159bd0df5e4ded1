import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describePortHolder, identifyPortHolder } from './port-holder';

/** A /proc with one listening socket on 127.0.0.1:8000 (inode 4711), held by pid 321 when `visible`. */
async function fakeProc(visible: boolean): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'harombe-proc-'));
  await mkdir(join(root, 'net'));
  const header = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';
  await writeFile(join(root, 'net', 'tcp'), `${header}   0: 0100007F:1F40 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 4711 1 0 100 0 0 10 0\n`);
  await writeFile(join(root, 'net', 'tcp6'), header);
  await mkdir(join(root, '321', 'fd'), { recursive: true });
  await writeFile(join(root, '321', 'cmdline'), '/usr/bin/python3\0-m\0http.server\0');
  if (visible) await symlink('socket:[4711]', join(root, '321', 'fd', '3'));
  return root;
}

const noHttp = (() => Promise.reject(new TypeError('fetch failed'))) as typeof fetch;

describe('identifyPortHolder', () => {
  it('finds the process listening on the port through /proc/net/tcp and its open sockets', async () => {
    const holder = await identifyPortHolder('127.0.0.1', 8000, { fetch: noHttp, procRoot: await fakeProc(true) });
    expect(holder).toEqual({ answer: { kind: 'none' }, process: { pid: 321, name: 'python3' } });
    expect(describePortHolder(holder)).toBe('another program, pid 321 (python3)');
  });

  it("says so when the process cannot be seen (another user's)", async () => {
    const holder = await identifyPortHolder('127.0.0.1', 8000, { fetch: noHttp, procRoot: await fakeProc(false) });
    expect(holder.process).toBeUndefined();
    expect(describePortHolder(holder)).toMatch(/^another program; which process is not (visible: only your own processes can be seen|known)$/);
  });
});
