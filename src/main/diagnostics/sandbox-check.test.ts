import { describe, expect, it } from 'vitest';
import { SandboxUnavailableError, type SandboxStatus } from '../tools/sandbox';
import { checkSandbox } from './sandbox-check';

const bwrapWorks = { detect: async (): Promise<SandboxStatus> => ({ mode: 'bwrap', executable: '/usr/bin/bwrap', reason: 'bubblewrap' }) };
const unconfined = { detect: async (): Promise<SandboxStatus> => ({ mode: 'none', reason: 'bubblewrap at /usr/bin/bwrap does not work here (no namespaces)' }) };
const refuses = {
  detect: async (): Promise<SandboxStatus> => {
    throw new SandboxUnavailableError('tools.sandbox is bwrap, but bubblewrap (bwrap) is not installed');
  },
};
const missing = async () => undefined;
const present = async () => '/usr/bin/bwrap';

describe('checkSandbox', () => {
  it('passes when bubblewrap confines the shell', async () => {
    expect(await checkSandbox({ mode: 'auto', shellEnabled: true, detector: bwrapWorks, platform: 'linux' })).toMatchObject({ status: 'pass', detail: expect.stringContaining('/usr/bin/bwrap') });
  });

  it('warns on Linux with the apt-get fix when auto finds no bubblewrap', async () => {
    const check = await checkSandbox({ mode: 'auto', shellEnabled: true, detector: unconfined, platform: 'linux', findExecutable: missing });
    expect(check.status).toBe('warn');
    expect(check.fix).toContain('apt-get install bubblewrap');
  });

  it('warns without an install hint when bubblewrap is installed but cannot run here', async () => {
    const check = await checkSandbox({ mode: 'auto', shellEnabled: true, detector: unconfined, platform: 'linux', findExecutable: present });
    expect(check).toMatchObject({ status: 'warn', detail: expect.stringContaining('does not work here'), fix: expect.stringContaining('bwrap --ro-bind / / true') });
    expect(check.fix).not.toContain('apt-get');
  });

  it('fails when tools.sandbox is bwrap and bubblewrap is missing', async () => {
    const check = await checkSandbox({ mode: 'bwrap', shellEnabled: true, detector: refuses, platform: 'linux', findExecutable: missing });
    expect(check.status).toBe('fail');
    expect(check.fix).toContain('apt-get install bubblewrap');
  });

  it('warns, with the fix, when auto falls back to unconfined where bubblewrap cannot exist', async () => {
    const check = await checkSandbox({ mode: 'auto', shellEnabled: true, detector: { detect: async () => ({ mode: 'none', reason: 'Linux-only' }) }, platform: 'darwin' });
    expect(check).toMatchObject({ status: 'warn', detail: expect.stringContaining('run unconfined'), fix: expect.stringContaining('tools.sandbox: none') });
  });

  it('warns, not fails, when auto found bubblewrap too slow to answer: nothing ran, and it may pass', async () => {
    const slow = {
      detect: async (): Promise<SandboxStatus> => {
        throw new SandboxUnavailableError('bubblewrap at /usr/bin/bwrap gave no answer within 30 s (is the machine overloaded?); nothing ran — try again');
      },
    };
    const check = await checkSandbox({ mode: 'auto', shellEnabled: true, detector: slow, platform: 'linux', findExecutable: present });
    expect(check).toMatchObject({ status: 'warn', detail: expect.stringContaining('gave no answer'), fix: expect.stringContaining('again') });
  });

  it('does not complain where bubblewrap is not wanted', async () => {
    expect((await checkSandbox({ mode: 'none', shellEnabled: true, detector: refuses })).status).toBe('pass');
    expect((await checkSandbox({ mode: 'bwrap', shellEnabled: false, detector: refuses })).status).toBe('pass');
  });
});
