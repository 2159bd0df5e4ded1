// A tab that cannot use the API yet: what to open (the sign-in link), or a token to paste (remote use).
import { KeyRound } from 'lucide-react';
import { useState, type ReactNode } from 'react';
import { useSession } from '../../lib/api';
import type { SignInState } from './use-sign-in';
import './sign-in.css';

const MESSAGES: Record<Exclude<SignInState, 'signed-in'>, ReactNode> = {
  'signed-out': (
    <>
      Not signed in. Open the sign-in link that <code>harombe start</code> (or <code>harombe status</code>) prints — it ends in{' '}
      <code>?token=…</code>
    </>
  ),
  refused: (
    <>
      This sign-in link is no longer valid. Open the link that <code>harombe status</code> prints now, or paste the current token below.
    </>
  ),
  unreachable: (
    <>
      The harombe server does not answer. Is it still running? <code>harombe status</code> says.
    </>
  ),
};

export function SignInScreen({ state, onRetry }: { state: Exclude<SignInState, 'signed-in'>; onRetry(): void }) {
  const signIn = useSession((session) => session.signIn);
  const [token, setToken] = useState('');
  return (
    <main className="sign-in-screen">
      <h1>harombe</h1>
      <p className="sign-in-tagline">Your self-hosted, tool-using AI assistant.</p>
      <p className={`sign-in-message sign-in-message-${state}`} role="status">
        {MESSAGES[state]}
      </p>
      {state === 'unreachable' ? (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      ) : (
        <form
          className="sign-in-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (token.trim() !== '') signIn(token);
          }}
        >
          <label htmlFor="sign-in-token">
            Or paste a token — the local token (<code>~/.harombe/local-token</code>) or the server’s <code>server.auth_token</code>
          </label>
          <div className="sign-in-row">
            <input id="sign-in-token" type="password" autoComplete="off" value={token} onChange={(event) => setToken(event.target.value)} />
            <button type="submit" className="button button-primary" disabled={token.trim() === ''}>
              <KeyRound size={14} aria-hidden /> Sign in
            </button>
          </div>
          <p className="sign-in-note">Kept in this tab only, until it closes.</p>
        </form>
      )}
    </main>
  );
}
