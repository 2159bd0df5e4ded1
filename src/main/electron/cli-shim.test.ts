// The packaged app's `harombe` command: the committed scripts match cli-shim.ts, and the POSIX ones, run through a
// symlink in a stand-in app layout, start the app's executable as Node with the CLI entry and the arguments.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { APP_EXECUTABLE, CLI_ENTRY_IN_RESOURCES, cliShim, macLinkPlan, type ShimPlatform } from './cli-shim';

const resources = new URL('../../../resources/cli/', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'harombe-shim-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function write(path: string, content: string, mode = 0o644): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  chmodSync(path, mode);
}

/**
 * An installed app as electron-builder lays it out, with a shell script standing in for Electron (it runs Node when
 * ELECTRON_RUN_AS_NODE is set, as Electron does) and a CLI entry that prints what it was given.
 */
function standInApp(platform: Exclude<ShimPlatform, 'win32'>, root: string): { shim: string } {
  const resourcesDir = platform === 'linux' ? join(root, 'opt/harombe/resources') : join(root, 'Applications/harombe.app/Contents/Resources');
  const executable = platform === 'linux' ? join(resourcesDir, '..', APP_EXECUTABLE.linux) : join(resourcesDir, '../MacOS', APP_EXECUTABLE.darwin);
  write(executable, `#!/bin/sh\n[ "$ELECTRON_RUN_AS_NODE" = 1 ] || { echo "the GUI would open" >&2; exit 3; }\nexec "${process.execPath}" "$@"\n`, 0o755);
  write(join(resourcesDir, CLI_ENTRY_IN_RESOURCES), 'console.log(JSON.stringify({ entry: process.argv[1], args: process.argv.slice(2) }));\n');
  const shim = cliShim(platform);
  const shimPath = join(resourcesDir, 'cli', shim.fileName);
  write(shimPath, shim.content, shim.mode);
  return { shim: shimPath };
}

describe('the CLI shim', () => {
  it.each(['linux', 'darwin', 'win32'] as const)('committed in resources/cli/%s is what cli-shim.ts makes (run scripts/write-cli-shims.mjs)', (platform) => {
    const shim = cliShim(platform);
    const path = join(resources, platform, shim.fileName);
    expect(readFileSync(path, 'utf8')).toBe(shim.content);
    if (shim.mode & 0o100) expect(statSync(path).mode & 0o111).not.toBe(0);
  });

  it('on Linux, /usr/bin/harombe (a link to it) runs the CLI with the app as Node, passing the arguments through', () => {
    const root = join(scratch, 'deb');
    const { shim } = standInApp('linux', root);
    const command = join(root, 'usr/bin/harombe');
    mkdirSync(dirname(command), { recursive: true });
    symlinkSync(shim, command);
    const output = JSON.parse(execFileSync(command, ['status', '--json', 'two words'], { encoding: 'utf8' })) as { entry: string; args: string[] };
    expect(output.args).toEqual(['status', '--json', 'two words']);
    expect(output.entry).toBe(join(root, 'opt/harombe/resources', CLI_ENTRY_IN_RESOURCES));
  });

  it("on macOS, /usr/local/bin/harombe (a relative link) finds harombe.app's executable in Contents/MacOS", () => {
    const root = join(scratch, 'mac app');
    const { shim } = standInApp('darwin', root);
    const command = join(root, 'usr/local/bin/harombe');
    mkdirSync(dirname(command), { recursive: true });
    symlinkSync(join('../../../Applications/harombe.app/Contents/Resources/cli', 'harombe'), command);
    expect(readFileSync(command, 'utf8')).toBe(readFileSync(shim, 'utf8'));
    const output = JSON.parse(execFileSync(command, ['chat', '--server'], { encoding: 'utf8' })) as { entry: string; args: string[] };
    expect(output).toEqual({ entry: join(root, 'Applications/harombe.app/Contents/Resources', CLI_ENTRY_IN_RESOURCES), args: ['chat', '--server'] });
  });

  it("on Windows, runs harombe.exe as Node from the shim's own folder, with CRLF line ends", () => {
    const { content, fileName } = cliShim('win32');
    expect(fileName).toBe('harombe.cmd');
    expect(content).toContain('set ELECTRON_RUN_AS_NODE=1\r\n');
    expect(content).toContain('"%~dp0..\\..\\harombe.exe" "%~dp0..\\app.asar\\bin\\harombe.js" %*');
    expect(content.replace(/\r\n/g, '')).not.toContain('\n');
  });
});

describe("macOS's Install 'harombe' command in PATH", () => {
  it('links the command to the shim, quoting a path with spaces and quotes', () => {
    const root = join(scratch, "Bob's apps");
    const shimPath = join(root, 'harombe.app/Contents/Resources/cli/harombe');
    write(shimPath, '#!/bin/sh\n', 0o755);
    const link = join(root, 'local bin/harombe');
    execFileSync('/bin/sh', ['-c', macLinkPlan(shimPath, link).command]);
    expect(execFileSync('readlink', [link], { encoding: 'utf8' }).trim()).toBe(shimPath);
  });

  it('asks for an administrator through osascript with the same command, quoted for AppleScript', () => {
    const plan = macLinkPlan('/Applications/harombe.app/Contents/Resources/cli/harombe');
    expect(plan.osascriptArgs[0]).toBe('-e');
    expect(plan.osascriptArgs[1]).toBe(
      `do shell script "mkdir -p '/usr/local/bin' && ln -sf '/Applications/harombe.app/Contents/Resources/cli/harombe' '/usr/local/bin/harombe'" with prompt "harombe wants to install the 'harombe' command in PATH." with administrator privileges`,
    );
  });
});
