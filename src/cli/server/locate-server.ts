// Where this harombe home's server is: the pid record's address, else the address the config says it listens on.
import { harombeHome, loadConfig } from '../../main/config';
import { isLoopbackHost, localTokenPath, readLocalToken } from '../../main/server';
import { clientUrl } from '../../main/server/port-check';
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

/**
 * The credential to send to `baseUrl`: the local token ($HAROMBE_HOME/local-token) when it is a server on this
 * machine's loopback — never sent anywhere else — otherwise server.auth_token from the config, when there is one.
 */
export async function credentialFor(baseUrl: string, configPath?: string): Promise<string | undefined> {
  const host = new URL(baseUrl).hostname;
  if (isLoopbackHost(host)) {
    const local = await readLocalToken(harombeHome());
    if (local !== undefined) return local;
  }
  return configPath === undefined ? undefined : configuredToken(configPath);
}

/** The web UI at `baseUrl` signed in with the local token (`…/?token=…`), or undefined when none is at hand. */
export async function signInUrl(baseUrl: string): Promise<string | undefined> {
  if (!isLoopbackHost(new URL(baseUrl).hostname)) return undefined;
  const token = await readLocalToken(harombeHome());
  return token === undefined ? undefined : `${baseUrl.replace(/\/$/, '')}/?token=${encodeURIComponent(token)}`;
}

/** The server's hint, or — when it asked for the local token this CLI could not send — what to do about it here. */
export function tokenHint(code: string, hint: string | undefined): string | undefined {
  if (code !== 'local_token_required' && code !== 'unauthorized') return hint;
  return (
    `This CLI sends the local token from ${localTokenPath(harombeHome())}; the server did not accept it (or found none). ` +
    'Run the CLI with the HAROMBE_HOME the server was started with, or pass --token with the token from that server\'s $HAROMBE_HOME/local-token ' +
    '(a remote server: its server.auth_token).'
  );
}
