// One request over the shared keep-alive pools, resolved at the answer's headers, and sent once more when it met a
// kept-alive socket the server had just closed (nothing reached the server, so asking again is safe).
import { request as httpRequest, type Agent, type ClientRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { agentFor, isStaleSocketError, UpstreamRequestError } from './keep-alive-agents';

export interface KeepAliveRequest {
  method: string;
  headers: OutgoingHttpHeaders;
  /** Sent with its content-length; none for a GET. */
  body?: string | Buffer;
  signal?: AbortSignal;
  /** A pool of the caller's own (the health checks keep theirs, closed when they stop); default the shared one. */
  agent?: Agent;
}

export interface KeepAliveAnswer {
  request: ClientRequest;
  message: IncomingMessage;
}

function sendOnce(url: URL, { method, headers, body, signal, agent }: KeepAliveRequest): Promise<KeepAliveAnswer> {
  return new Promise((resolve, reject) => {
    const request = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, {
      method,
      headers: body === undefined ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) },
      agent: agent ?? agentFor(url),
      ...(signal ? { signal } : {}),
    });
    const failed = (error: Error) => reject(Object.assign(error, { reusedSocket: request.reusedSocket }));
    request.once('error', failed);
    request.once('response', (message) => {
      request.off('error', failed);
      // Later failures surface on the message; one on the request must not crash the process.
      request.on('error', () => undefined);
      resolve({ request, message });
    });
    request.end(body);
  });
}

/**
 * Sends the request and resolves at the answer's headers. A request that gets no answer rejects with an
 * UpstreamRequestError (its cause names why: ECONNREFUSED, ENOTFOUND…); one cut by its signal, with what the abort threw.
 */
export async function sendKeepAliveRequest(url: URL, request: KeepAliveRequest): Promise<KeepAliveAnswer> {
  try {
    return await sendOnce(url, request);
  } catch (error) {
    if (request.signal?.aborted) throw error;
    if (!isStaleSocketError(error)) throw new UpstreamRequestError(error);
    try {
      return await sendOnce(url, request);
    } catch (retryError) {
      throw request.signal?.aborted ? retryError : new UpstreamRequestError(retryError);
    }
  }
}
