// The /v1 relay's requests over node:http(s) with keep-alive: far less CPU and latency than fetch, and the answer
// can be written to a node response as it arrives, without web streams in between.
import type { IncomingMessage } from 'node:http';
import { sendKeepAliveRequest, type KeepAliveAnswer } from '../../net/keep-alive-request';

export type UpstreamAnswer = KeepAliveAnswer;

const ignore = () => undefined;

/** POSTs `body` and resolves once the answer's headers arrive. */
export function postUpstream(url: string, headers: Record<string, string>, body: string, signal: AbortSignal): Promise<UpstreamAnswer> {
  return sendKeepAliveRequest(new URL(url), { method: 'POST', headers, body, signal });
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
