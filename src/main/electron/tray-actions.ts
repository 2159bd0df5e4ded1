// What a tray menu item does, as plain data, and the handlers main.ts supplies for each: the contract both sides code against.

/** A menu item's action: serialisable data, so the pure menu builder can be tested without Electron. */
export type TrayAction =
  | { type: 'open-chat' }
  | { type: 'quick-chat' }
  | { type: 'open-dashboard' }
  | { type: 'test-node'; node: string }
  | { type: 'drain-node'; node: string; drain: boolean }
  | { type: 'remove-node'; node: string }
  | { type: 'unload-model'; model: string }
  | { type: 'open-confirmation'; conversationId: string; confirmationId: string }
  | { type: 'start-server' }
  | { type: 'stop-server' }
  | { type: 'open-config' }
  | { type: 'open-logs' }
  | { type: 'set-launch-at-login'; enabled: boolean }
  | { type: 'install-cli' }
  | { type: 'quit' };

export type TrayActionType = TrayAction['type'];

/**
 * What the app does when a tray item is clicked. main.ts implements it (windows, the runtime's cluster service,
 * OllamaAdmin, login items); the tray adapter only routes clicks here. A returned promise that rejects is reported
 * by the adapter (see `describeTrayFailure`), so a handler may simply throw an error a person can act on.
 */
export interface TrayHandlers {
  openChat(): void | Promise<void>;
  /** A small always-on-top window for one quick question. */
  quickChat(): void | Promise<void>;
  openDashboard(): void | Promise<void>;
  /** A health check and the `harombe cluster test` checks of one node now (POST /cluster/nodes/:name/test). */
  testNode(node: string): void | Promise<void>;
  /** PUT /cluster/nodes/:name/drain: no new turns go there while drained. */
  setNodeDrain(node: string, drain: boolean): void | Promise<void>;
  /** DELETE /cluster/nodes/:name. */
  removeNode(node: string): void | Promise<void>;
  /** Frees the model's memory on the local Ollama (OllamaAdmin.unload). */
  unloadModel(model: string): void | Promise<void>;
  /** Shows the chat window at that conversation, where the approval card waits. */
  openConfirmation(conversationId: string, confirmationId: string): void | Promise<void>;
  startServer(): void | Promise<void>;
  stopServer(): void | Promise<void>;
  /** Opens harombe.yaml in the system's editor. */
  openConfig(): void | Promise<void>;
  /** Opens this launch's log file (or its folder). */
  openLogs(): void | Promise<void>;
  setLaunchAtLogin(enabled: boolean): void | Promise<void>;
  /** macOS: the "Install 'harombe' command in PATH" action (cli-shim-install.ts). */
  installCli(): void | Promise<void>;
  quit(): void | Promise<void>;
}

/** Calls the handler an action names; the one place an action id meets code. */
export function runTrayAction(action: TrayAction, handlers: TrayHandlers): void | Promise<void> {
  switch (action.type) {
    case 'open-chat':
      return handlers.openChat();
    case 'quick-chat':
      return handlers.quickChat();
    case 'open-dashboard':
      return handlers.openDashboard();
    case 'test-node':
      return handlers.testNode(action.node);
    case 'drain-node':
      return handlers.setNodeDrain(action.node, action.drain);
    case 'remove-node':
      return handlers.removeNode(action.node);
    case 'unload-model':
      return handlers.unloadModel(action.model);
    case 'open-confirmation':
      return handlers.openConfirmation(action.conversationId, action.confirmationId);
    case 'start-server':
      return handlers.startServer();
    case 'stop-server':
      return handlers.stopServer();
    case 'open-config':
      return handlers.openConfig();
    case 'open-logs':
      return handlers.openLogs();
    case 'set-launch-at-login':
      return handlers.setLaunchAtLogin(action.enabled);
    case 'install-cli':
      return handlers.installCli();
    case 'quit':
      return handlers.quit();
  }
}

/** What the tray says when an action failed: the action, then the error's own words (which say what to do). */
export function describeTrayFailure(action: TrayAction, error: unknown): string {
  const detail = error instanceof Error ? error.message : String(error);
  switch (action.type) {
    case 'test-node':
      return `Testing node ${action.node} failed: ${detail}`;
    case 'drain-node':
      return `${action.drain ? 'Draining' : 'Resuming'} node ${action.node} failed: ${detail}`;
    case 'remove-node':
      return `Removing node ${action.node} failed: ${detail}`;
    case 'unload-model':
      return `Unloading ${action.model} failed: ${detail}`;
    case 'start-server':
      return `The API server did not start: ${detail}`;
    default:
      return `${action.type.replace(/-/g, ' ')} failed: ${detail}`;
  }
}
