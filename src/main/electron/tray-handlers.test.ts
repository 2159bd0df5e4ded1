import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../../shared';
import { conversationRoute, createTrayHandlers, type TrayHandlerParts } from './tray-handlers';

function parts(overrides: Partial<TrayHandlerParts> & { answers?: Record<string, unknown> } = {}) {
  const calls: unknown[][] = [];
  const api = {
    call: (name: string, args: unknown) => {
      calls.push([name, args]);
      return Promise.resolve(overrides.answers?.[name] ?? {});
    },
  } as unknown as Pick<ApiClient, 'call'>;
  const shown: unknown[][] = [];
  const noop = () => undefined;
  const handlerParts: TrayHandlerParts = {
    api: () => api,
    ollama: { unload: (model) => Promise.resolve(void calls.push(['unload', model])) },
    showWindow: (window, route) => void shown.push(route === undefined ? [window] : [window, route]),
    confirmRemove: () => Promise.resolve(true),
    app: { startServer: noop, stopServer: noop, openConfig: noop, openLogs: noop, setLaunchAtLogin: noop, installCli: noop, quit: noop },
    ...overrides,
  };
  return { handlers: createTrayHandlers(handlerParts), calls, shown };
}

describe('the tray handlers', () => {
  it('open the chat at the conversation whose approval was clicked', async () => {
    const { handlers, shown } = parts();
    await handlers.openConfirmation('conv 7', 'c1');
    await handlers.openDashboard();
    await handlers.quickChat();
    expect(shown).toEqual([['chat', '#/chat?conversation=conv%207'], ['dashboard'], ['quick-chat']]);
    expect(conversationRoute('abc')).toBe('#/chat?conversation=abc');
  });

  it("drain, test and remove a node through the server's API, and unload through Ollama", async () => {
    const { handlers, calls } = parts({ answers: { 'cluster.nodes.test_one': { checks: [{ name: 'reachable', status: 'pass', detail: 'ok' }] } } });
    await handlers.setNodeDrain('gpu', true);
    await handlers.testNode('gpu');
    await handlers.removeNode('gpu');
    await handlers.unloadModel('qwen2.5:7b');
    expect(calls).toEqual([
      ['cluster.nodes.drain', { params: { name: 'gpu' }, input: { drain: true, save: true } }],
      ['cluster.nodes.test_one', { params: { name: 'gpu' } }],
      ['cluster.nodes.remove', { params: { name: 'gpu' }, query: { save: true } }],
      ['unload', 'qwen2.5:7b'],
    ]);
  });

  it('keep a node the person chose not to remove', async () => {
    const { handlers, calls } = parts({ confirmRemove: () => Promise.resolve(false) });
    await handlers.removeNode('gpu');
    expect(calls).toEqual([]);
  });

  it('say which check of a tested node failed and what to do', async () => {
    const { handlers } = parts({
      answers: { 'cluster.nodes.test_one': { checks: [{ name: 'model', status: 'fail', detail: 'qwen2.5:14b is not there.', fix: 'Run `ollama pull qwen2.5:14b` on gpu.lan.' }] } },
    });
    await expect(handlers.testNode('gpu')).rejects.toThrow('the model check failed: qwen2.5:14b is not there. Run `ollama pull qwen2.5:14b` on gpu.lan.');
  });

  it('say how to start the server when a node action needs it', async () => {
    const { handlers } = parts({ api: () => undefined });
    await expect(handlers.setNodeDrain('gpu', true)).rejects.toThrow(/API server is stopped.*Start API server/);
  });
});
