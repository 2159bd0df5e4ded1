// The built main bundle (out/main) must not weaken any window: no nodeIntegration: true, sandbox: false,
// contextIsolation: false or webSecurity: false anywhere in it, whatever module the option came from.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mainBundleMissing } from './support/fake-electron/child';

const WEAKENED = /\b(nodeIntegration|nodeIntegrationInSubFrames|nodeIntegrationInWorker|webviewTag|allowRunningInsecureContent)\s*:\s*(true|!0)\b|\b(sandbox|contextIsolation|webSecurity)\s*:\s*(false|!1)\b/g;

/** Every weakened flag in a bundle's source, as written there. */
export function weakenedFlags(source: string): string[] {
  return [...source.matchAll(WEAKENED)].map((match) => match[0].replace(/\s+/g, ''));
}

function bundleFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(c|m)?js$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

const missing = mainBundleMissing();
if (missing) console.warn(`skipping the bundle security check: ${missing}`);

describe('the security check of the built main bundle', () => {
  it('finds weakened flags however they are minified', () => {
    expect(weakenedFlags('({webPreferences:{nodeIntegration:!0,sandbox: false,contextIsolation:!1,webSecurity:false}})')).toEqual(['nodeIntegration:!0', 'sandbox:false', 'contextIsolation:!1', 'webSecurity:false']);
    expect(weakenedFlags('{nodeIntegration:false,sandbox:true,contextIsolation:true,webSecurity:true}')).toEqual([]);
  });

  it.skipIf(Boolean(missing))('out/main and out/preload weaken no window', () => {
    const files = [...bundleFiles(join(process.cwd(), 'out', 'main')), ...bundleFiles(join(process.cwd(), 'out', 'preload'))];
    expect(files.length).toBeGreaterThan(0);
    const found = files.flatMap((file) => weakenedFlags(readFileSync(file, 'utf8')).map((flag) => `${file}: ${flag}`));
    expect(found).toEqual([]);
  });
});
