import { describe, expect, it } from 'vitest';
import { buildTrayMenu, MAX_LISTED_APPROVALS, MAX_LISTED_NODES, type TrayMenuItem } from './tray-menu';
import { confirmation, node, trayState } from './tray-test-states';

function labels(items: TrayMenuItem[]): string[] {
  return items.map((item) => (item.type === 'separator' ? '---' : (item.label ?? '')));
}

function item(items: TrayMenuItem[], label: string | RegExp): TrayMenuItem {
  const found = items.find((candidate) => (typeof label === 'string' ? candidate.label === label : label.test(candidate.label ?? '')));
  if (!found) throw new Error(`No menu item ${String(label)} in: ${labels(items).join(' | ')}`);
  return found;
}

describe('the tray menu', () => {
  it('opens with the windows and ends with the app settings and Quit', () => {
    const menu = labels(buildTrayMenu(trayState()));
    expect(menu.slice(0, 3)).toEqual(['Open chat', 'Quick chat', 'Cluster dashboard']);
    expect(menu.slice(-6)).toEqual(['---', 'Open config file', 'Open logs', 'Launch at login', '---', 'Quit harombe']);
    expect(item(buildTrayMenu(trayState()), 'Quit harombe').action).toEqual({ type: 'quit' });
  });

  it('lists each node with its state and tier, and offers test, drain and remove', () => {
    const menu = buildTrayMenu(trayState({ nodes: [node('gpu-box', { tier: 2 }), node('laptop', { status: 'unavailable', tier: 0 })] }));
    expect(item(menu, /^Cluster:/).label).toBe('Cluster: 1 of 2 up');
    const gpu = item(menu, /gpu-box/);
    expect(gpu.label).toBe('● gpu-box: up · tier 2');
    expect(gpu.submenu?.filter((entry) => entry.action).map((entry) => [entry.label, entry.action])).toEqual([
      ['Test now', { type: 'test-node', node: 'gpu-box' }],
      ['Drain', { type: 'drain-node', node: 'gpu-box', drain: true }],
      ['Remove', { type: 'remove-node', node: 'gpu-box' }],
    ]);
    const laptop = item(menu, /laptop/);
    expect(laptop.label).toBe('✕ laptop: down · tier 0');
    // Why it is down, in the submenu, so the person need not open the dashboard to find out.
    expect(labels(laptop.submenu ?? [])).toContain('Cannot reach http://laptop.lan:8000 (ECONNREFUSED)');
  });

  it('offers Resume on a drained node, says when a circuit is open, and never removes the local Ollama', () => {
    const menu = buildTrayMenu(trayState({ nodes: [node('a', { drain: true }), node('b', { circuit: 'open' }), node('local', { source: 'local' })] }));
    expect(item(menu, /^○ a/).label).toBe('○ a: up, drained · tier 1');
    expect(item(item(menu, /^○ a/).submenu ?? [], 'Resume (undrain)').action).toEqual({ type: 'drain-node', node: 'a', drain: false });
    expect(item(menu, /^✕ b/).label).toBe('✕ b: down (circuit open) · tier 1');
    expect(item(item(menu, /local/).submenu ?? [], 'Remove').enabled).toBe(false);
  });

  it("lists a big cluster's down nodes first and sends the rest to the dashboard", () => {
    const nodes = Array.from({ length: 40 }, (_, index) => node(`n${index}`, { status: index === 30 ? 'unavailable' : 'available' }));
    const menu = buildTrayMenu(trayState({ nodes }));
    const listed = menu.filter((entry) => entry.type === 'submenu' && /^[●○✕]/.test(entry.label ?? ''));
    expect(listed).toHaveLength(MAX_LISTED_NODES);
    expect(listed[0]?.label).toBe('✕ n30: down · tier 1');
    expect(item(menu, `${40 - MAX_LISTED_NODES} more in the dashboard…`).action).toEqual({ type: 'open-dashboard' });
    expect(item(menu, /^Cluster:/).label).toBe('Cluster: 39 of 40 up');
  });

  it('shows no cluster section without a cluster, and says so for an empty one', () => {
    expect(labels(buildTrayMenu(trayState())).some((label) => label.startsWith('Cluster:'))).toBe(false);
    expect(labels(buildTrayMenu(trayState({ nodes: [] })))).toContain('Cluster: no nodes yet');
  });

  it('lists the models loaded on the local Ollama, each with Unload', () => {
    const menu = buildTrayMenu(
      trayState({ loadedModels: { state: 'read', models: [{ name: 'qwen2.5:7b', sizeBytes: 4_700_000_000, vramBytes: 4_700_000_000, expiresAt: '' }] } }),
    );
    const model = item(menu, /^qwen2.5:7b/);
    expect(model.label).toBe('qwen2.5:7b · 4.7 GB');
    expect(labels(model.submenu ?? [])).toEqual(['4.7 GB in memory (GPU)', 'Unload']);
    expect(item(model.submenu ?? [], 'Unload').action).toEqual({ type: 'unload-model', model: 'qwen2.5:7b' });
    expect(labels(buildTrayMenu(trayState({ loadedModels: { state: 'read', models: [] } })))).toContain('Local models: none loaded');
    expect(labels(buildTrayMenu(trayState({ loadedModels: { state: 'unreachable', reason: 'Ollama is not running' } })))).toContain(
      'Local models: Ollama is not running',
    );
  });

  it('lists pending approvals; a click opens the conversation at that card', () => {
    const menu = buildTrayMenu(trayState({ pending: [confirmation('c1', 'Run `git push`', 'conv-7')] }));
    expect(labels(menu)).toContain('Waiting for your approval (1)');
    expect(item(menu, /^shell:/)).toEqual({
      label: 'shell: Run `git push`',
      action: { type: 'open-confirmation', conversationId: 'conv-7', confirmationId: 'c1' },
    });
  });

  it('sums up approvals past the first few in one line that opens the chat, and cuts long descriptions', () => {
    const pending = Array.from({ length: MAX_LISTED_APPROVALS + 2 }, (_, index) => confirmation(`c${index}`, `Write ${'x'.repeat(100)}`));
    const menu = buildTrayMenu(trayState({ pending }));
    expect(menu.filter((entry) => entry.action?.type === 'open-confirmation')).toHaveLength(MAX_LISTED_APPROVALS);
    expect(item(menu, '2 more in the chat…').action).toEqual({ type: 'open-chat' });
    expect(item(menu, /^shell:/).label).toHaveLength(60);
    expect(item(menu, /^shell:/).label?.endsWith('…')).toBe(true);
  });

  it('offers Stop while the server runs and Start when stopped, with the windows off then', () => {
    const running = buildTrayMenu(trayState({ server: { state: 'running', url: 'http://127.0.0.1:8123', note: 'Port 8000 was taken; harombe moved to 8123.' } }));
    expect(labels(running)).toEqual(expect.arrayContaining(['API server: running on 127.0.0.1:8123', 'Stop API server', 'Port 8000 was taken; harombe moved to 8123.']));
    expect(item(running, 'Open chat').enabled).toBe(true);
    const stopped = buildTrayMenu(trayState({ server: { state: 'stopped' } }));
    expect(item(stopped, 'Start API server').action).toEqual({ type: 'start-server' });
    expect(labels(stopped)).not.toContain('Stop API server');
    expect(['Open chat', 'Quick chat', 'Cluster dashboard'].map((label) => item(stopped, label).enabled)).toEqual([false, false, false]);
    // While it starts or stops there is nothing to click: a second click would not start a second server anyway.
    const starting = labels(buildTrayMenu(trayState({ server: { state: 'starting' } })));
    expect(starting).toContain('API server: starting…');
    expect(starting).not.toContain('Start API server');
  });

  it('shows Launch at login as a checkbox whose click flips it', () => {
    expect(item(buildTrayMenu(trayState({ launchAtLogin: false })), 'Launch at login')).toMatchObject({
      type: 'checkbox',
      checked: false,
      action: { type: 'set-launch-at-login', enabled: true },
    });
    expect(item(buildTrayMenu(trayState({ launchAtLogin: true })), 'Launch at login')).toMatchObject({ checked: true, action: { enabled: false } });
  });

  it("offers to install the 'harombe' command on macOS only while it is not on PATH", () => {
    const install = "Install 'harombe' command in PATH";
    expect(labels(buildTrayMenu(trayState({ platform: 'darwin', cliOnPath: false })))).toContain(install);
    expect(labels(buildTrayMenu(trayState({ platform: 'darwin', cliOnPath: true })))).not.toContain(install);
    expect(labels(buildTrayMenu(trayState({ platform: 'linux', cliOnPath: false })))).not.toContain(install);
  });

  it('never shows two separators in a row, nor one at the top', () => {
    const states = [trayState(), trayState({ nodes: [], pending: [confirmation('c')], loadedModels: { state: 'read', models: [] } }), trayState({ server: { state: 'disposed' } })];
    for (const state of states) {
      const menu = labels(buildTrayMenu(state));
      expect(menu[0]).not.toBe('---');
      expect(menu.join('|')).not.toContain('---|---');
    }
  });
});
