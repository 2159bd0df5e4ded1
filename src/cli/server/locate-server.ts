// Where this harombe home's server is: the pid record's address, else the address the config says it listens on.
import { loadConfig } from '../../main/config';
import { clientUrl } from './probe-health';
import { readServerRecord } from './server-record';

/** The address the config says the server listens on (defaults when the file is missing or broken). */
export async function configuredUrl(configPath: string): Promise<string> {
  const { config } = await loadConfig(configPath).catch(() => ({ config: undefined }));
  return clientUrl(config?.server.host ?? '127.0.0.1', config?.server.port ?? 8000);
}

export async function localServerUrl(configPath: string): Promise<string> {
  return (await readServerRecord())?.url ?? (await configuredUrl(configPath));
}

/** server.auth_token from the config, for talking to our own server from another machine's view. */
export async function configuredToken(configPath: string): Promise<string | undefined> {
  const { config } = await loadConfig(configPath).catch(() => ({ config: undefined }));
  return config?.server.auth_token;
}
