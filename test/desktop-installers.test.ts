// electron-builder.yml, checked without Electron (its download is blocked here): electron-builder's own schema
// validation, the targets the issue asks for, and that everything the installers ship exists in the tree.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { allTrayIconFiles, TRAY_ICON_FOLDER } from '../src/main/electron/tray-icon';
import { APP_EXECUTABLE, CLI_SHIM_FOLDER, cliShim } from '../src/main/electron/cli-shim';

const root = new URL('..', import.meta.url).pathname;
const read = (path: string) => readFileSync(join(root, path), 'utf8');

interface TargetEntry {
  target: string;
  arch?: string[];
}
interface Resource {
  from: string;
  to: string;
}
interface BuilderConfig {
  directories: { buildResources: string };
  files: string[];
  extraResources: Resource[];
  linux: { target: string[]; executableName: string; extraResources: Resource[] };
  deb: { afterInstall: string; afterRemove: string };
  mac: { target: TargetEntry[]; extraResources: Resource[] };
  win: { target: TargetEntry[]; extraResources: Resource[] };
  nsis: { include: string };
  electronFuses?: Record<string, boolean>;
}

const config = parse(read('electron-builder.yml')) as BuilderConfig;

/** electron-builder's placeholders in deb scripts; any other `${name}` stops its build ("Macro name is not defined"). */
const DEB_MACROS = new Set(['executable', 'sanitizedProductName', 'productFilename']);

describe('electron-builder.yml', () => {
  it("passes electron-builder's own validation", async () => {
    const { validateConfiguration } = (await import('app-builder-lib/out/util/config/config.js')) as {
      validateConfiguration: (config: unknown, logger: unknown) => Promise<void>;
    };
    const { DebugLogger } = (await import('builder-util')) as unknown as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    await expect(validateConfiguration({ ...config, linux: { ...config.linux, tragets: ['deb'] } }, new DebugLogger(false))).rejects.toThrow(/configuration/);
  });

  it("flips Electron's fuses (security checklist point 19), keeping Run as Node for the `harombe` command", async () => {
    expect(config.electronFuses).toEqual({
      runAsNode: true,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
    // The shim really depends on it: it runs the CLI bundle through the app's executable as plain Node.
    expect(cliShim('linux').content).toContain('ELECTRON_RUN_AS_NODE=1');
    // electron-builder knows every fuse named here: a misspelt one would fail its validation instead of being ignored.
    const { validateConfiguration } = (await import('app-builder-lib/out/util/config/config.js')) as {
      validateConfiguration: (config: unknown, logger: unknown) => Promise<void>;
    };
    const { DebugLogger } = (await import('builder-util')) as unknown as { DebugLogger: new (enabled: boolean) => unknown };
    await expect(validateConfiguration({ ...config, electronFuses: { ...config.electronFuses, runAsNod: true } }, new DebugLogger(false))).rejects.toThrow(/configuration/);
  });

  it('builds Linux AppImage + deb, macOS dmg for x64 and arm64, Windows nsis', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toEqual([{ target: 'dmg', arch: ['x64', 'arm64'] }]);
    expect(config.win.target.map((entry) => entry.target)).toEqual(['nsis']);
  });

  it('ships the built app with its CLI bundle, the app icon and every tray icon', () => {
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'bin/harombe.js', 'package.json']));
    expect(existsSync(join(root, config.directories.buildResources, 'icon.png'))).toBe(true);
    const tray = config.extraResources.find((resource) => resource.to === TRAY_ICON_FOLDER);
    expect(tray?.from).toBe(`resources/${TRAY_ICON_FOLDER}`);
    for (const file of allTrayIconFiles()) expect(existsSync(join(root, 'resources', TRAY_ICON_FOLDER, file)), file).toBe(true);
  });

  it('puts each platform’s `harombe` command in resources/cli, from files that exist', () => {
    const shipped: [Resource[], 'linux' | 'darwin' | 'win32'][] = [
      [config.linux.extraResources, 'linux'],
      [config.mac.extraResources, 'darwin'],
      [config.win.extraResources, 'win32'],
    ];
    for (const [resources, platform] of shipped) {
      const shim = resources.find((resource) => resource.to === CLI_SHIM_FOLDER);
      expect(shim?.from).toBe(`resources/cli/${platform}`);
      expect(existsSync(join(root, shim?.from ?? '', cliShim(platform).fileName))).toBe(true);
    }
    // The shim runs the app's executable by this name: the builder must name it so.
    expect(config.linux.executableName).toBe(APP_EXECUTABLE.linux);
    // The NSIS include runs the PATH script from resources\cli.
    expect(config.win.extraResources).toContainEqual({ from: 'resources/installer/windows-path.ps1', to: 'cli/windows-path.ps1' });
    expect(read(config.nsis.include)).toMatch(/!macro customInstall[\s\S]*resources\\cli\\windows-path\.ps1" -Add[\s\S]*!macro customUnInstall[\s\S]*-Remove/);
  });

  it('the deb scripts are valid bash, use only electron-builder’s placeholders, and link /usr/bin/harombe to the shim', () => {
    for (const script of [config.deb.afterInstall, config.deb.afterRemove]) {
      const text = read(script);
      const macros = [...text.matchAll(/\$\{([a-zA-Z]+)\}/g)].map((match) => match[1]);
      expect(macros.filter((name) => !DEB_MACROS.has(name ?? ''))).toEqual([]);
      execFileSync('bash', ['-n', join(root, script)]);
    }
    expect(read(config.deb.afterInstall)).toContain(`CLI_SHIM='/opt/\${sanitizedProductName}/resources/cli/harombe'`);
    expect(read(config.deb.afterInstall)).toContain('ln -sf "$CLI_SHIM" /usr/bin/harombe');
    expect(read(config.deb.afterRemove)).toContain('rm -f /usr/bin/harombe');
  });

  it('is built by `npm run dist` (and `npm run package`, as before)', () => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    expect(scripts['dist']).toBe('npm run build && electron-builder');
    expect(scripts['package']).toBe('npm run dist');
  });
});
