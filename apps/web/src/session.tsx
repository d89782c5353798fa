import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { answer, api, storedToken, storeToken } from './api/client';
import type { Me, SignIn } from './api/views';

interface Session {
  signedIn: boolean;
  me: Me | undefined;
  loading: boolean;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  /** A new token for the same person (after a password change, the API ends every older session). */
  renewed(token: string): void;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const [token, setToken] = useState(storedToken);
  const me = useQuery({
    queryKey: ['me', token],
    enabled: token !== null,
    queryFn: () => answer<Me>(api.GET('/api/me')),
  });
  const signIn = useCallback(
    async (email: string, password: string) => {
      const result = await answer<SignIn>(api.POST('/api/auth/login', { body: { email, password } }));
      storeToken(result.accessToken);
      client.clear();
      setToken(result.accessToken);
    },
    [client],
  );
  const signOut = useCallback(async () => {
    await answer<void>(api.POST('/api/auth/logout')).catch(() => undefined);
    storeToken(null);
    client.clear();
    setToken(null);
  }, [client]);
  const renewed = useCallback(
    (next: string) => {
      storeToken(next);
      client.clear();
      setToken(next);
    },
    [client],
  );
  const value = useMemo(
    () => ({ signedIn: token !== null, me: me.data, loading: me.isLoading, signIn, signOut, renewed }),
    [token, me.data, me.isLoading, signIn, signOut, renewed],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}
