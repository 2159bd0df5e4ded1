// The renderer's one way to the API: the typed client, on this page's own origin, with the tab's token.
import { create } from 'zustand';
import { ApiClient } from '../../../shared/api-client';
import { desktopBridge } from './desktop-bridge';
import { startupToken, storeSessionToken } from './session-token';

interface SessionState {
  token: string | undefined;
  client: ApiClient;
  /** A token typed or pasted into the sign-in screen (remote use with server.auth_token). */
  signIn(token: string): void;
}

const clientFor = (token: string | undefined) => new ApiClient({ baseUrl: window.location.origin, ...(token ? { token } : {}) });

/** Read once, at start-up: the desktop app's token, else the sign-in link's (which leaves the address bar first). */
const initialToken = startupToken({ location: window.location, history: window.history, storage: window.sessionStorage }, desktopBridge()?.token);

export const useSession = create<SessionState>()((set) => ({
  token: initialToken,
  client: clientFor(initialToken),
  signIn(token) {
    const trimmed = token.trim();
    storeSessionToken(window.sessionStorage, trimmed);
    set({ token: trimmed, client: clientFor(trimmed) });
  },
}));

/** The client for calls made outside React (the turn runner, query functions). */
export function api(): ApiClient {
  return useSession.getState().client;
}
