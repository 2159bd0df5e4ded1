// Everything the screens share: the query client (server state) and the tooltip provider.
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { TooltipProvider } from '../components/ui/tooltip';

const queryClient = new QueryClient({ defaultOptions: { queries: { refetchOnWindowFocus: true } } });

export function Providers({ children }: { children: ReactNode }) {
  return (
    <QueryClientProvider client={queryClient}>
      <TooltipProvider delayDuration={300}>{children}</TooltipProvider>
    </QueryClientProvider>
  );
}
