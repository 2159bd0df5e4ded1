// The tray's handlers built from the app's parts: windows and app actions pass through; node actions go to the
// server's API (so they work the same when the app attached to a harombe it did not start), Unload to OllamaAdmin.
import type { ApiClient } from '../../shared';
import type { OllamaAdmin } from '../llm/ollama-admin';
import type { TrayHandlers } from './tray-actions';

/** The hash the renderer reads to open a conversation at its approval card (hash-route.ts keeps the chat screen). */
export function conversationRoute(conversationId: string): string {
  return `#/chat?conversation=${encodeURIComponent(conversationId)}`;
}

export type TrayWindow = 'chat' | 'quick-chat' | 'dashboard';

export interface TrayHandlerParts {
  /** The running server's API client (base URL and local token); undefined while it is stopped. */
  api: () => Pick<ApiClient, 'call'> | undefined;
  ollama: Pick<OllamaAdmin, 'unload'>;
  /** Opens or brings forward a window, at a route (`#/chat?conversation=…`) when given. */
  showWindow: (window: TrayWindow, route?: string) => void;
  /** Asks before a node leaves the cluster (and harombe.yaml); false: keep it. */
  confirmRemove: (node: string) => Promise<boolean>;
  app: Pick<TrayHandlers, 'startServer' | 'stopServer' | 'openConfig' | 'openLogs' | 'setLaunchAtLogin' | 'installCli' | 'quit'>;
}

function requireApi(parts: TrayHandlerParts): Pick<ApiClient, 'call'> {
  const api = parts.api();
  if (!api) throw new Error('The API server is stopped. Start it from the tray (Start API server), then try again.');
  return api;
}

export function createTrayHandlers(parts: TrayHandlerParts): TrayHandlers {
  return {
    ...parts.app,
    openChat: () => parts.showWindow('chat'),
    quickChat: () => parts.showWindow('quick-chat'),
    openDashboard: () => parts.showWindow('dashboard'),
    openConfirmation: (conversationId) => parts.showWindow('chat', conversationRoute(conversationId)),
    testNode: async (node) => {
      const result = await requireApi(parts).call('cluster.nodes.test_one', { params: { name: node } });
      const failed = result.checks.find((check) => check.status === 'fail');
      if (failed) throw new Error(`the ${failed.name} check failed: ${failed.detail}${failed.fix ? ` ${failed.fix}` : ''}`);
    },
    setNodeDrain: async (node, drain) => {
      await requireApi(parts).call('cluster.nodes.drain', { params: { name: node }, input: { drain, save: true } });
    },
    removeNode: async (node) => {
      if (!(await parts.confirmRemove(node))) return;
      await requireApi(parts).call('cluster.nodes.remove', { params: { name: node }, query: { save: true } });
    },
    unloadModel: (model) => parts.ollama.unload(model),
  };
}
