// What a running harombe warns about, as data: each warning once, with a code a host (the tray, a dialog) can act on.
import type { HarombeConfig } from '../shared';
import { CONFIRM_DANGEROUS_OFF } from './assistant';
import { warnings as serverWarnings } from './server';

/** Something the person should know, once: `code` says what (a host may show it its own way), `message` says it in words. */
export interface RuntimeWarning {
  code: 'config' | 'confirm_dangerous' | 'security' | 'model_server' | 'mdns_announce' | 'mdns_browse' | 'config_change';
  message: string;
}

/**
 * The start-up warnings: the assistant's (config problems, tools off) and the server's security notes for the host it
 * listens on. The server's confirm_dangerous warning says it for every client, the assistant's for the terminal: one is kept.
 */
export function startupWarnings(assistantWarnings: readonly string[], config: HarombeConfig, host: string): RuntimeWarning[] {
  const security = serverWarnings({ ...config, server: { ...config.server, host } }).map(
    (message): RuntimeWarning => ({ code: message.startsWith('tools.confirm_dangerous') ? 'confirm_dangerous' : 'security', message }),
  );
  const saidByServer = security.some((warning) => warning.code === 'confirm_dangerous');
  const own = assistantWarnings
    .filter((message) => !(message === CONFIRM_DANGEROUS_OFF && saidByServer))
    .map((message): RuntimeWarning => ({ code: message === CONFIRM_DANGEROUS_OFF ? 'confirm_dangerous' : 'config', message }));
  return [...own, ...security];
}
