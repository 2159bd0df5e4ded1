import { describe, expect, it } from 'vitest';
import { describeTrayFailure, runTrayAction, type TrayAction, type TrayHandlers } from './tray-actions';
import { buildTrayMenu, type TrayMenuItem } from './tray-menu';
import { confirmation, node, trayState } from './tray-test-states';

function recordingHandlers(calls: unknown[][]): TrayHandlers {
  const record =
    (name: string) =>
    (...args: unknown[]) => {
      calls.push([name, ...args]);
    };
  return {
    openChat: record('openChat'),
    quickChat: record('quickChat'),
    openDashboard: record('openDashboard'),
    testNode: record('testNode'),
    setNodeDrain: record('setNodeDrain'),
    removeNode: record('removeNode'),
    unloadModel: record('unloadModel'),
    openConfirmation: record('openConfirmation'),
    startServer: record('startServer'),
    stopServer: record('stopServer'),
    openConfig: record('openConfig'),
    openLogs: record('openLogs'),
    setLaunchAtLogin: record('setLaunchAtLogin'),
    installCli: record('installCli'),
    quit: record('quit'),
  };
}

function actions(items: TrayMenuItem[]): TrayAction[] {
  return items.flatMap((item) => [...(item.action ? [item.action] : []), ...actions(item.submenu ?? [])]);
}

describe('tray actions', () => {
  it('route each menu click to the handler with its arguments', () => {
    const calls: unknown[][] = [];
    const handlers = recordingHandlers(calls);
    const menu = buildTrayMenu(
      trayState({
        nodes: [node('gpu')],
        pending: [confirmation('c1', 'Run it', 'conv-1')],
        loadedModels: { state: 'read', models: [{ name: 'llama3.2', sizeBytes: 2e9, vramBytes: 0, expiresAt: '' }] },
        platform: 'darwin',
        cliOnPath: false,
      }),
    );
    for (const action of actions(menu)) void runTrayAction(action, handlers);
    expect(calls).toEqual([
      ['openChat'],
      ['quickChat'],
      ['openDashboard'],
      ['openConfirmation', 'conv-1', 'c1'],
      ['testNode', 'gpu'],
      ['setNodeDrain', 'gpu', true],
      ['removeNode', 'gpu'],
      ['unloadModel', 'llama3.2'],
      ['stopServer'],
      ['openConfig'],
      ['openLogs'],
      ['installCli'],
      ['setLaunchAtLogin', true],
      ['quit'],
    ]);
  });

  it("word a failure with the action and the error's own advice", () => {
    expect(describeTrayFailure({ type: 'unload-model', model: 'qwen2.5:7b' }, new Error('Cannot reach Ollama at http://localhost:11434. Start it with `ollama serve`.'))).toBe(
      'Unloading qwen2.5:7b failed: Cannot reach Ollama at http://localhost:11434. Start it with `ollama serve`.',
    );
    expect(describeTrayFailure({ type: 'drain-node', node: 'gpu', drain: false }, new Error('no node gpu'))).toBe('Resuming node gpu failed: no node gpu');
  });
});
