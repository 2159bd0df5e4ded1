// Signs this tab in: the local token from the sign-in link `harombe start` prints (`/?token=…`), kept in session
// storage (this tab only, gone when it closes) and dropped from the address bar so it is not bookmarked or shared.
const STORAGE_KEY = 'harombe.token';
const QUERY_KEY = 'token';

export interface TokenPlace {
  location: Pick<Location, 'href'>;
  history: Pick<History, 'replaceState' | 'state'>;
  storage: Pick<Storage, 'getItem' | 'setItem'>;
}

/** Takes a token from the address (removing it there) into session storage; returns the tab's token, if any. */
export function captureSessionToken(place: TokenPlace): string | undefined {
  const url = new URL(place.location.href);
  const fromLink = url.searchParams.get(QUERY_KEY)?.trim();
  if (url.searchParams.has(QUERY_KEY)) {
    url.searchParams.delete(QUERY_KEY);
    place.history.replaceState(place.history.state, '', `${url.pathname}${url.search}${url.hash}`);
  }
  if (fromLink) place.storage.setItem(STORAGE_KEY, fromLink);
  return place.storage.getItem(STORAGE_KEY) ?? undefined;
}

/**
 * The token this page starts with: in the desktop app, the one its preload hands over (the server's own, for this
 * launch) wins; in a browser tab, the sign-in link's or the tab's. A link's token leaves the address bar either way.
 */
export function startupToken(place: TokenPlace, desktopToken: string | undefined): string | undefined {
  const tabToken = captureSessionToken(place);
  return desktopToken?.trim() || tabToken;
}

/** Keeps a token typed into the sign-in screen for this tab only. */
export function storeSessionToken(storage: Pick<Storage, 'setItem'>, token: string): void {
  storage.setItem(STORAGE_KEY, token);
}
