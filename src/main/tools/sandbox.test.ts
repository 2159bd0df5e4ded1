import { describe, expect, it, vi } from 'vitest';
import { bubblewrapArguments, bubblewrapConfinement, WorkspaceHiddenError } from './bubblewrap-confinement';
import { SandboxDetector, SandboxUnavailableError } from './sandbox';
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
    expect(await detector.detect('auto')).toMatchObject({
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

  it('probes the confinement as it will run: without the network unless tools.sandbox_network, once per setting', async () => {
    const runProbe = vi.fn(works);
    const detector = new SandboxDetector({ platform: 'linux', findExecutable: found, runProbe });
    expect((await detector.detect('auto')).reason).toMatch(/no network$/);
    expect(runProbe).toHaveBeenLastCalledWith('/usr/bin/bwrap', expect.arrayContaining(['--unshare-net']));
    expect((await detector.detect('auto', { network: true })).reason).toContain('network on (tools.sandbox_network)');
    expect(runProbe.mock.lastCall?.[1]).not.toContain('--unshare-net');
    await detector.detect('auto', { network: true });
    expect(runProbe).toHaveBeenCalledTimes(2);
  });

  it('asks again after a failed probe, so one passing failure does not leave commands unconfined for good', async () => {
    const runProbe = vi.fn<RunProbe>().mockResolvedValueOnce({ ok: false, detail: 'bwrap: Creating new namespace failed: No space left on device' }).mockImplementation(works);
    const detector = new SandboxDetector({ platform: 'linux', findExecutable: found, runProbe });
    expect((await detector.detect('auto')).mode).toBe('none');
    expect((await detector.detect('auto')).mode).toBe('bwrap');
    await detector.detect('auto');
    expect(runProbe).toHaveBeenCalledTimes(2);
  });

  it('runs nothing unconfined when bubblewrap is merely slow to answer', async () => {
    const slow: RunProbe = async () => ({ ok: false, timedOut: true, detail: 'no answer within 30 s' });
    const detector = new SandboxDetector({ platform: 'linux', findExecutable: found, runProbe: slow });
    await expect(detector.detect('auto')).rejects.toThrow(/bubblewrap at \/usr\/bin\/bwrap gave no answer within 30 s .*nothing ran — try again/);
  });

  it('says in one warning line that commands run unconfined, and why', async () => {
    const warningOf = async (detector: SandboxDetector, mode: 'auto' | 'none' = 'auto') => {
      const status = await detector.detect(mode);
      return status.mode === 'none' ? status.warning : undefined;
    };
    expect(await warningOf(new SandboxDetector({ platform: 'linux', findExecutable: missing }))).toBe(
      'shell commands run unconfined (no sandbox): bubblewrap is not installed — apt-get install bubblewrap',
    );
    expect(await warningOf(new SandboxDetector({ platform: 'linux', findExecutable: found, runProbe: works }), 'none')).toBe(
      'shell commands run unconfined (no sandbox): tools.sandbox is none in harombe.yaml',
    );
    expect(await warningOf(new SandboxDetector({ platform: 'linux', findExecutable: found, runProbe: fails }))).toMatch(/does not work here .*harombe doctor/);
    expect(await warningOf(new SandboxDetector({ platform: 'darwin' }))).toContain('bubblewrap only runs on Linux (this is darwin)');
    expect(await warningOf(new SandboxDetector({ platform: 'linux', findExecutable: found, runProbe: works }))).toBeUndefined();
  });

  it('never probes in none mode', async () => {
    const runProbe = vi.fn(works);
    const detector = new SandboxDetector({ platform: 'linux', findExecutable: found, runProbe });
    expect((await detector.detect('none')).mode).toBe('none');
    expect(runProbe).not.toHaveBeenCalled();
  });
});

describe('bubblewrapArguments', () => {
  const options = (extra = {}) => ({ workspace: '/tmp/project', ...extra });

  it('binds the workspace read-write after the private /tmp, so a workspace under /tmp stays visible', () => {
    const args = bubblewrapArguments(options(), 'ls');
    expect(args.indexOf('--bind')).toBeGreaterThan(args.indexOf('--tmpfs'));
    expect(args.slice(args.indexOf('--bind'), args.indexOf('--bind') + 5)).toEqual(['--bind', '/tmp/project', '/tmp/project', '--chdir', '/tmp/project']);
    expect(args.slice(-4)).toEqual(['--', '/bin/sh', '-c', 'ls']);
  });

  it('has no network unless tools.sandbox_network, and keeps its own PID namespace either way', () => {
    expect(bubblewrapArguments(options(), 'ls')).toContain('--unshare-net');
    const networked = bubblewrapArguments(options({ network: true }), 'ls');
    expect(networked).not.toContain('--unshare-net');
    expect(networked).toEqual(expect.arrayContaining(['--unshare-pid', '--die-with-parent', '--cap-drop', 'ALL']));
  });

  it("hides harombe's home first and binds a workspace inside it afterwards, so only the workspace shows", () => {
    const args = bubblewrapConfinement({ workspace: '/home/me/.harombe/workspace', hidden: [{ path: '/home/me/.harombe', kind: 'folder' }] });
    const hide = args.indexOf('/home/me/.harombe');
    expect(args.slice(hide - 1, hide + 1)).toEqual(['--tmpfs', '/home/me/.harombe']);
    expect(args.indexOf('--bind')).toBeGreaterThan(hide);
  });

  it('needs no mount of its own for a config file the hidden home already hides', () => {
    const hidden = [
      { path: '/home/me/.harombe', kind: 'folder' as const },
      { path: '/home/me/.harombe/harombe.yaml', kind: 'file' as const },
    ];
    expect(bubblewrapConfinement({ workspace: '/home/me/.harombe/workspace', hidden })).not.toContain('/home/me/.harombe/harombe.yaml');
    // …but one inside a workspace inside the home is brought back by the workspace bind, so it is hidden again.
    const inWorkspace = { path: '/home/me/.harombe/workspace/harombe.yaml', kind: 'file' as const };
    expect(bubblewrapConfinement({ workspace: '/home/me/.harombe/workspace', hidden: [hidden[0]!, inWorkspace] })).toContain(inWorkspace.path);
  });

  it('hides a home inside the workspace after binding the workspace, and blanks a hidden file', () => {
    const args = bubblewrapConfinement({
      workspace: '/home/me',
      hidden: [
        { path: '/home/me/.harombe', kind: 'folder' },
        { path: '/etc/harombe/harombe.yaml', kind: 'file' },
      ],
    });
    expect(args.indexOf('/home/me/.harombe')).toBeGreaterThan(args.indexOf('--bind'));
    const file = args.indexOf('/etc/harombe/harombe.yaml');
    expect(args.slice(file - 2, file + 1)).toEqual(['--ro-bind', '/dev/null', '/etc/harombe/harombe.yaml']);
  });

  it("refuses a workspace that is harombe's home itself", () => {
    expect(() => bubblewrapConfinement({ workspace: '/home/me/.harombe', hidden: [{ path: '/home/me/.harombe', kind: 'folder' }] })).toThrow(WorkspaceHiddenError);
  });
});
