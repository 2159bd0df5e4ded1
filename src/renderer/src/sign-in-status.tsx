// Whether this tab may use harombe's API: signed in with the link `harombe start` printed, or what to do instead.
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ApiRequestError } from '../../shared/api-client';
import { api, sessionToken } from './lib/api';

type SignIn = 'signed-in' | 'signed-out' | 'refused' | 'unreachable';

async function checkSignIn(): Promise<SignIn> {
  if (!sessionToken) return 'signed-out';
  try {
    await api.call('tools.list');
    return 'signed-in';
  } catch (error) {
    return error instanceof ApiRequestError && error.status === 401 ? 'refused' : 'unreachable';
  }
}

const MESSAGES: Record<SignIn, { text: ReactNode; tone: 'ok' | 'warn' }> = {
  'signed-in': { text: 'Signed in: this tab can use harombe.', tone: 'ok' },
  'signed-out': {
    text: (
      <>
        Not signed in. Open the sign-in link that <code>harombe start</code> (or <code>harombe status</code>) prints — it ends in{' '}
        <code>?token=…</code>
      </>
    ),
    tone: 'warn',
  },
  refused: {
    text: (
      <>
        This sign-in link is no longer valid. Open the link that <code>harombe status</code> prints now.
      </>
    ),
    tone: 'warn',
  },
  unreachable: {
    text: (
      <>
        The harombe server does not answer. Is it still running? <code>harombe status</code> says.
      </>
    ),
    tone: 'warn',
  },
};

export function SignInStatus() {
  const { data } = useQuery({ queryKey: ['sign-in'], queryFn: checkSignIn, retry: false });
  if (data === undefined) return null;
  const message = MESSAGES[data];
  return (
    <p className={`sign-in sign-in-${message.tone}`} role="status">
      {message.text}
    </p>
  );
}
