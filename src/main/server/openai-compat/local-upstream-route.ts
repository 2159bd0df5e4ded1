// The route to one model server that is not a cluster node (this machine's own Ollama): asked once, with a limit on
// its silence before the answer begins, and measured by nothing (the cluster's metrics are for its nodes).
import { failsOver, type RequestMeasurement } from '../../cluster';
import { LlmError } from '../../llm';
import type { Upstream, UpstreamCall, UpstreamOutcome, UpstreamRoute } from './upstream-resolver';

/** How long the local model server may stay silent before its streamed answer begins. */
export const LOCAL_FIRST_BYTE_TIMEOUT_MS = 60_000;

const unmeasured: RequestMeasurement = {
  firstToken: () => undefined,
  piece: () => undefined,
  succeeded: () => undefined,
  failed: () => undefined,
  cancelled: () => undefined,
};

/** Why the attempt was stopped from our side. */
class FirstByteTimeout extends Error {}

export function localUpstreamRoute(upstream: Upstream, firstByteTimeoutMs = LOCAL_FIRST_BYTE_TIMEOUT_MS): UpstreamRoute {
  return {
    async serve<T>(call: UpstreamCall<T>, signal: AbortSignal): Promise<UpstreamOutcome<T>> {
      const silence = new AbortController();
      const timer = call.whole ? undefined : setTimeout(() => silence.abort(new FirstByteTimeout()), firstByteTimeoutMs);
      try {
        return { served: true, value: await call.open(upstream, AbortSignal.any([signal, silence.signal])), upstream, measurement: unmeasured };
      } catch (error) {
        if (silence.signal.reason instanceof FirstByteTimeout) {
          const timeout = new LlmError('timeout', `Node "${upstream.node}" (${upstream.baseUrl}) sent nothing within ${Math.round(firstByteTimeoutMs / 1000)} s.`, 'The model server may be busy or still loading its model.', { cause: error });
          return { served: false, failures: [{ upstream, error: timeout }] };
        }
        const failure = { upstream, error };
        return signal.aborted || !failsOver(error) ? { served: false, failures: [], stoppedBy: failure } : { served: false, failures: [failure] };
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
