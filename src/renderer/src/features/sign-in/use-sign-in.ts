// Whether this tab may use harombe's API: its token is checked against a route that needs one.
import { useQuery } from '@tanstack/react-query';
import { ApiRequestError } from '../../../../shared/api-client';
import { useSession } from '../../lib/api';

export type SignInState = 'signed-in' | 'signed-out' | 'refused' | 'unreachable';

export function useSignIn() {
  const token = useSession((state) => state.token);
  const client = useSession((state) => state.client);
  return useQuery({
    queryKey: ['sign-in', token],
    queryFn: async (): Promise<SignInState> => {
      if (!token) return 'signed-out';
      try {
        await client.call('tools.list');
        return 'signed-in';
      } catch (error) {
        return error instanceof ApiRequestError && error.status === 401 ? 'refused' : 'unreachable';
      }
    },
    retry: false,
    staleTime: Number.POSITIVE_INFINITY,
  });
}
