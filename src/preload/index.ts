// The renderer's only window onto the desktop: where the API is, its token, and a few named native actions.
import { contextBridge, ipcRenderer } from 'electron';

const bridge = {
  apiBaseUrl: (): Promise<string> => ipcRenderer.invoke('harombe:api-base-url') as Promise<string>,
  apiToken: (): Promise<string> => ipcRenderer.invoke('harombe:api-token') as Promise<string>,
  openExternal: (url: string): Promise<void> => ipcRenderer.invoke('harombe:open-external', url) as Promise<void>,
  /** Opens harombe.yaml in the system's editor for YAML (Settings' "Open in editor"). */
  openConfig: (path: string): Promise<void> => ipcRenderer.invoke('harombe:open-config', path) as Promise<void>,
};

export type HarombeBridge = typeof bridge;

contextBridge.exposeInMainWorld('harombe', bridge);
