// macOS's install of the `harombe` command, on a writable folder (no administrator needed): the link, and the tray's view.
import { mkdtempSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MacCliCommand } from './cli-shim-install';

const scratch = mkdtempSync(join(tmpdir(), 'harombe-mac-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('MacCliCommand', () => {
  it('is not linked until installed; install links the command to the shim, replacing a stale link', async () => {
    const shim = join(scratch, 'harombe.app/Contents/Resources/cli/harombe');
    const link = join(scratch, 'bin/harombe');
    const command = new MacCliCommand(shim, link);
    expect(await command.check()).toBe(false);
    expect(command.linked).toBe(false);

    await command.install();
    expect(readlinkSync(link)).toBe(shim);
    expect(command.linked).toBe(true);

    // Another copy of the app (moved, or an older one) is not this one: the tray offers the install again.
    const moved = new MacCliCommand(join(scratch, 'elsewhere/harombe'), link);
    expect(await moved.check()).toBe(false);
    await moved.install();
    expect(readlinkSync(link)).toBe(join(scratch, 'elsewhere/harombe'));
  });

  it('leaves a file it did not make alone when it cannot replace it', async () => {
    const link = join(scratch, 'taken');
    writeFileSync(join(scratch, 'taken'), 'not a link');
    expect(await new MacCliCommand('/Applications/harombe.app/Contents/Resources/cli/harombe', link).check()).toBe(false);
  });
});
