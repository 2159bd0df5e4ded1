// Puts harombe in the tray: the state source on the hosted runtime, the handlers from the app's parts, the Electron
// tray drawing them. main.ts calls startTray() once the runtime is up and disposes the result on quit.
import { join } from 'node:path';
import { ApiClient } from '../../shared';
import type { Disposable } from '../base';
import { OllamaAdmin } from '../llm/ollama-admin';
import type { HarombeRuntime } from '../runtime';
import { CLI_SHIM_FOLDER, MAC_LINK_PATH } from './cli-shim';
import { installCliLink, isCliLinked } from './cli-shim-install';
import { HarombeTray } from './tray';
import { createTrayHandlers, type TrayWindow } from './tray-handlers';
import { TrayStateSource } from './tray-state-source';

/** What the tray needs of the desktop app (DesktopApp implements it). */
export interface TrayHost {
  readonly runtime: HarombeRuntime;
  /** The server the windows use (http://127.0.0.1:<port>) and its token; node actions go through its API. */
  readonly origin: string | undefined;
  readonly token: string;
  /** Said in the tray when the port was taken and the server moved, or it attached to another harombe. */
  readonly notice: string | undefined;
  showWindow(window: TrayWindow, route?: string): unknown;
  launchAtLogin(): boolean;
  setLaunchAtLogin(enabled: boolean): void;
  openConfig(): void | Promise<void>;
  openLogs(): void | Promise<void>;
  /** Asks before a node leaves the cluster and harombe.yaml (a native dialog). */
  confirmRemove(node: string): Promise<boolean>;
  quit(): void;
}

export interface StartTrayOptions {
  /** resources/ in a checkout, process.resourcesPath when packaged (tray/ and cli/ are inside). */
  resourcesPath: string;
  /** A failed tray action, in words: a notification, and the log. */
  onError: (message: string) => void;
  platform?: NodeJS.Platform;
}

export function startTray(host: TrayHost, options: StartTrayOptions): Disposable {
  const platform = options.platform ?? process.platform;
  const { runtime } = host;
  const shimPath = join(options.resourcesPath, CLI_SHIM_FOLDER, 'harombe');
  // Read once and after the install action (the source refreshes then): a readlink per rebuild is not needed.
  let cliOnPath: boolean | undefined;
  const checkCli = () => {
    if (platform === 'darwin') void isCliLinked(shimPath, MAC_LINK_PATH).then((linked) => (cliOnPath = linked));
  };
  checkCli();
  const source = new TrayStateSource({
    runtime,
    // The host read at each call: a config change may point ollama.host elsewhere.
    loadedModels: () => new OllamaAdmin({ host: runtime.config.ollama.host, timeoutMs: 3_000 }).running(),
    appState: () => ({
      launchAtLogin: host.launchAtLogin(),
      ...(cliOnPath === undefined ? {} : { cliOnPath }),
      ...(host.notice ? { serverNote: host.notice } : {}),
    }),
    platform,
  });
  const handlers = createTrayHandlers({
    api: () => (host.origin && runtime.status ? new ApiClient({ baseUrl: host.origin, token: host.token }) : undefined),
    ollama: { unload: (model) => new OllamaAdmin({ host: runtime.config.ollama.host, timeoutMs: 10_000 }).unload(model) },
    showWindow: (window, route) => void host.showWindow(window, route),
    confirmRemove: (node) => host.confirmRemove(node),
    app: {
      startServer: async () => void (await runtime.start()),
      stopServer: () => runtime.stop(),
      openConfig: () => host.openConfig(),
      openLogs: () => host.openLogs(),
      setLaunchAtLogin: (enabled) => host.setLaunchAtLogin(enabled),
      installCli: async () => {
        await installCliLink(shimPath, MAC_LINK_PATH);
        checkCli();
      },
      quit: () => host.quit(),
    },
  });
  const tray = new HarombeTray({ resourcesPath: options.resourcesPath, source, handlers, onError: options.onError, platform });
  source.refresh();
  return {
    dispose: () => {
      tray.dispose();
      source.dispose();
    },
  };
}
