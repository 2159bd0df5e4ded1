// Hands the desktop app's parts to the tray (tray.ts and its plain modules): the live state source over the hosted
// runtime, and the handlers for each menu item (windows, server start/stop, logs, login item, quit).
import { join } from 'node:path';
import { ApiClient } from '../../shared/api-client';
import type { Disposable } from '../base';
import { OllamaAdmin } from '../llm/ollama-admin';
import type { HarombeRuntime } from '../runtime';
import { MacCliCommand } from './cli-shim-install';
import { CLI_SHIM_FOLDER } from './cli-shim';
import { HarombeTray } from './tray';
import type { TrayHandlers } from './tray-actions';
import { createTrayHandlers, type TrayWindow } from './tray-handlers';
import { TrayStateSource } from './tray-state-source';

export interface DesktopTrayParts {
  runtime: HarombeRuntime;
  /** The server the windows show (this app's, or the harombe it attached to) and its token. */
  baseUrl: () => string | undefined;
  token: string;
  /** The port notice (another program held it, another harombe serves there). */
  notice: () => string | undefined;
  resourcesPath: string;
  showWindow: (window: TrayWindow, route?: string) => void;
  confirmRemove: (node: string) => Promise<boolean>;
  app: Pick<TrayHandlers, 'startServer' | 'stopServer' | 'openConfig' | 'openLogs' | 'setLaunchAtLogin' | 'quit'>;
  launchAtLogin: () => boolean;
  onError: (message: string) => void;
}

export function createDesktopTray(parts: DesktopTrayParts): Disposable {
  const { runtime } = parts;
  // macOS: the "Install 'harombe' command in PATH" item, while the app's shim is not linked (cli-shim-install.ts).
  const macCli = process.platform === 'darwin' ? new MacCliCommand(join(parts.resourcesPath, CLI_SHIM_FOLDER, 'harombe')) : undefined;
  const ollama = () => new OllamaAdmin({ host: runtime.config.ollama.host });
  const source = new TrayStateSource({
    runtime,
    loadedModels: () => ollama().running(),
    appState: () => {
      const notice = parts.notice();
      const cliOnPath = macCli?.linked;
      return { launchAtLogin: parts.launchAtLogin(), ...(cliOnPath !== undefined ? { cliOnPath } : {}), ...(notice ? { serverNote: notice } : {}) };
    },
    platform: process.platform,
  });
  const handlers = createTrayHandlers({
    api: () => {
      const baseUrl = parts.baseUrl();
      return baseUrl ? new ApiClient({ baseUrl, token: parts.token }) : undefined;
    },
    ollama: { unload: (model) => ollama().unload(model) },
    showWindow: parts.showWindow,
    confirmRemove: parts.confirmRemove,
    app: {
      ...parts.app,
      installCli: async () => {
        if (!macCli) throw new Error("The 'harombe' command is put on PATH by the installer on Linux (deb) and Windows; this action is for macOS.");
        await macCli.install();
      },
    },
  });
  const tray = new HarombeTray({ resourcesPath: join(parts.resourcesPath), source, handlers, onError: parts.onError });
  return {
    dispose: () => {
      tray.dispose();
      source.dispose();
    },
  };
}
