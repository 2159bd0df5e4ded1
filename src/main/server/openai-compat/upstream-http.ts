// The /v1 relay's requests over node:http(s) with keep-alive: far less CPU and latency than fetch, and the answer
// can be written to a node response as it arrives, without web streams in between.
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { agentFor, isStaleSocketError, UpstreamRequestError } from '../../net/keep-alive-agents';

export interface UpstreamAnswer {
  request: ClientRequest;
  message: IncomingMessage;
}

const ignore = () => undefined;

function postOnce(url: URL, headers: Record<string, string>, body: string, signal: AbortSignal): Promise<UpstreamAnswer & { reusedSocket: boolean }> {
  const secure = url.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const request = (secure ? httpsRequest : httpRequest)(url, {
      method: 'POST',
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      agent: agentFor(url),
      signal,
    });
    const failed = (error: Error) => reject(Object.assign(error, { reusedSocket: request.reusedSocket }));
    request.once('error', failed);
    request.once('response', (message) => {
      request.off('error', failed);
      // Later errors surface on the message; one on the request must not crash the process.
      request.on('error', ignore);
      resolve({ request, message, reusedSocket: request.reusedSocket });
    });
    request.end(body);
  });
}

/** POSTs `body` and resolves once the answer's headers arrive. */
export async function postUpstream(url: string, headers: Record<string, string>, body: string, signal: AbortSignal): Promise<UpstreamAnswer> {
  const target = new URL(url);
  try {
    return await postOnce(target, headers, body, signal);
  } catch (error) {
    if (signal.aborted) throw error;
    // A keep-alive socket the upstream had just closed: nothing reached it, so asking again is safe.
    if (isStaleSocketError(error)) {
      try {
        return await postOnce(target, headers, body, signal);
      } catch (retryError) {
        throw signal.aborted ? retryError : new UpstreamRequestError(retryError);
      }
    }
    throw new UpstreamRequestError(error);
  }
}

/** The whole body as text. */
export function readText(message: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    message.on('data', (chunk: Buffer) => chunks.push(chunk));
    message.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    message.once('error', reject);
  });
}

/**
 * The first chunk of the body (undefined: the body is empty), leaving the message paused after it so that nothing
 * is lost until the caller takes the rest. An error meanwhile is kept for the caller (never an unhandled 'error').
 */
export function readFirstChunk(message: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      message.off('data', onData);
      message.off('end', onEnd);
      message.off('error', onError);
      message.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      message.pause();
      cleanup();
      resolve(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(undefined);
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onClose = () => {
      if (message.complete) return;
      cleanup();
      reject(new Error('the upstream closed the connection before answering'));
    };
    message.on('error', ignore);
    message.on('data', onData);
    message.once('end', onEnd);
    message.once('error', onError);
    message.once('close', onClose);
  });
}
