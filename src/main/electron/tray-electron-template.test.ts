import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it } from 'vitest';
import type { TrayAction, TrayHandlers } from './tray-actions';
import { toMenuTemplate, trayClickHandler } from './tray-electron-template';
import { buildTrayMenu } from './tray-menu';
import { node, trayState } from './tray-test-states';

function find(items: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions | undefined {
  for (const item of items) {
    if (item.label === label) return item;
    const inner = Array.isArray(item.submenu) ? find(item.submenu, label) : undefined;
    if (inner) return inner;
  }
  return undefined;
}

describe("the tray menu as Electron's template", () => {
  it("keeps labels, checkboxes, disabled items and submenus, and a click runs the item's action", () => {
    const clicked: TrayAction[] = [];
    const template = toMenuTemplate(buildTrayMenu(trayState({ nodes: [node('gpu')], launchAtLogin: true })), (action) => clicked.push(action));
    expect(find(template, 'Launch at login')).toMatchObject({ type: 'checkbox', checked: true, enabled: true });
    expect(find(template, 'Cluster: 1 of 1 up')).toMatchObject({ enabled: false });
    expect(find(template, 'Cluster: 1 of 1 up')?.click).toBeUndefined();
    find(template, 'Drain')?.click?.({} as never, undefined, {} as never);
    expect(clicked).toEqual([{ type: 'drain-node', node: 'gpu', drain: true }]);
  });

  it('reports a failed action in words, and tells the caller after one that worked', async () => {
    const errors: string[] = [];
    const done: TrayAction[] = [];
    const handlers = {
      unloadModel: () => Promise.reject(new Error('Cannot reach Ollama at http://localhost:11434; start it with `ollama serve`.')),
      removeNode: () => {
        throw new Error('no node gpu in this cluster');
      },
      openChat: () => undefined,
    } as unknown as TrayHandlers;
    const click = trayClickHandler(handlers, (message) => errors.push(message), (action) => done.push(action));
    click({ type: 'unload-model', model: 'qwen2.5:7b' });
    click({ type: 'remove-node', node: 'gpu' });
    click({ type: 'open-chat' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(errors.sort()).toEqual([
      'Removing node gpu failed: no node gpu in this cluster',
      'Unloading qwen2.5:7b failed: Cannot reach Ollama at http://localhost:11434; start it with `ollama serve`.',
    ]);
    expect(done).toEqual([{ type: 'open-chat' }]);
  });
});
