// An AbortSignal that aborts when the component leaves the page: a node test it started stops on the server too.
import { useEffect, useRef } from 'react';

export function useUnmountSignal(): () => AbortSignal {
  const controller = useRef<AbortController>(undefined);
  useEffect(() => {
    controller.current = new AbortController();
    return () => controller.current?.abort();
  }, []);
  return () => (controller.current ??= new AbortController()).signal;
}
