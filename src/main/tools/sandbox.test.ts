import { describe, expect, it, vi } from 'vitest';
import { bubblewrapArguments, SandboxDetector, SandboxUnavailableError } from './sandbox';
import type { FindExecutable, RunProbe } from './sandbox';

const found: FindExecutable = async (name) => `/usr/bin/${name}`;
const missing: FindExecutable = async () => undefined;
const works: RunProbe = async () => ({ ok: true, detail: '' });
const fails: RunProbe = async () => ({ ok: false, detail: 'bwrap: No permissions to creating new namespace' });

describe('SandboxDetector', () => {
  it('uses bubblewrap in auto mode when it is installed and passes its probe', async () => {
    const runProbe = vi.fn(works);
    const detector = new SandboxDetector({ platform: 'linux', findExecutable: found, runProbe });
    expect(await detector.detect('auto')).toMatchObject({ mode: 'bwrap', executable: '/usr/bin/bwrap', reason: expect.stringContaining('read-only') });
    // The probe runs the real confinement around `true`, and only once.
    expect(runProbe).toHaveBeenCalledWith('/usr/bin/bwrap', expect.arrayContaining(['--ro-bind', '/', '--cap-drop', 'ALL', 'true']));
    await detector.detect('bwrap');
    expect(runProbe).toHaveBeenCalledTimes(1);
  });

  it('falls back to none in auto mode, saying why and how to install it', async () => {
    const detector = new SandboxDetector({ platform: 'linux', findExecutable: missing, runProbe: works });
    expect(await detector.detect('auto')).toEqual({
      mode: 'none',
      reason: expect.stringMatching(/bubblewrap \(bwrap\) is not installed: shell commands run unconfined.*apt-get install bubblewrap/),
    });
    const broken = new SandboxDetector({ platform: 'linux', findExecutable: found, runProbe: fails });
    expect((await broken.detect('auto')).reason).toContain('does not work here (bwrap: No permissions to creating new namespace)');
  });

  it('refuses to run unconfined when bwrap is required but missing', async () => {
    const detector = new SandboxDetector({ platform: 'linux', findExecutable: missing, runProbe: works });
    await expect(detector.detect('bwrap')).rejects.toThrow(SandboxUnavailableError);
    await expect(detector.detect('bwrap')).rejects.toThrow(/tools.sandbox is bwrap, but bubblewrap \(bwrap\) is not installed; install it with `apt-get install bubblewrap`/);
    const mac = new SandboxDetector({ platform: 'darwin', findExecutable: found, runProbe: works });
    await expect(mac.detect('bwrap')).rejects.toThrow(/only runs on Linux \(this is darwin\)/);
    expect((await mac.detect('auto')).mode).toBe('none');
  });

  it('never probes in none mode', async () => {
    const runProbe = vi.fn(works);
    const detector = new SandboxDetector({ platform: 'linux', findExecutable: found, runProbe });
    expect((await detector.detect('none')).mode).toBe('none');
    expect(runProbe).not.toHaveBeenCalled();
  });
});

describe('bubblewrapArguments', () => {
  it('binds the workspace read-write after the private /tmp, so a workspace under /tmp stays visible', () => {
    const args = bubblewrapArguments('/tmp/project', 'ls');
    expect(args.indexOf('--bind')).toBeGreaterThan(args.indexOf('--tmpfs'));
    expect(args.slice(args.indexOf('--bind'), args.indexOf('--bind') + 5)).toEqual(['--bind', '/tmp/project', '/tmp/project', '--chdir', '/tmp/project']);
    expect(args.slice(-4)).toEqual(['--', '/bin/sh', '-c', 'ls']);
    expect(args).not.toContain('--unshare-net');
  });
});
