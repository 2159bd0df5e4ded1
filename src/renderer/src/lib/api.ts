// The renderer's one way to the API: the typed client, on this page's own origin, with the tab's token.
import { ApiClient } from '../../../shared/api-client';
import { captureSessionToken } from './session-token';

/** Read once, at start-up: the sign-in link's token leaves the address bar before anything else runs. */
export const sessionToken = captureSessionToken({ location: window.location, history: window.history, storage: window.sessionStorage });

export const api = new ApiClient({ baseUrl: window.location.origin, ...(sessionToken ? { token: sessionToken } : {}) });
