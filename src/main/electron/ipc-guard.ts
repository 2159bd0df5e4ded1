// Who may call the desktop's IPC: only a frame showing the app's own page; a foreign page (should one ever load) gets nothing.
import { isAppUrl } from './window-options';

export interface IpcSender {
  senderFrame?: { url: string } | null;
}

/** True when the call comes from a frame on the app's origin (the server harombe hosts or attached to). */
export function isTrustedSender(event: IpcSender, appOrigin: string | undefined): boolean {
  const url = event.senderFrame?.url;
  return appOrigin !== undefined && typeof url === 'string' && isAppUrl(url, appOrigin);
}

/** Wraps an IPC handler: an untrusted sender's call is refused with a reason, and the handler never runs. */
export function guarded<E extends IpcSender, A extends unknown[], R>(appOrigin: () => string | undefined, handler: (event: E, ...args: A) => R) {
  return (event: E, ...args: A): R => {
    if (!isTrustedSender(event, appOrigin())) {
      throw new Error(`harombe refused a desktop call from ${event.senderFrame?.url ?? 'an unknown frame'}: only the app's own page may use it.`);
    }
    return handler(event, ...args);
  };
}

/** An http(s) address to hand to the system browser; anything else (file:, javascript:, custom schemes) is refused. */
export function isWebLink(url: unknown): url is string {
  if (typeof url !== 'string') return false;
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
