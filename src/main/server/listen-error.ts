// Why harombe could not listen, in words a person can act on: who holds the port and how to pick another.
import { describePortHolder, freePortNear, identifyPortHolder, type PortHolderOptions } from './port-holder';

/** A listen failure with the fix apart (the CLI prints it as its hint line). */
export class ListenError extends Error {
  constructor(
    message: string,
    readonly hint: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'ListenError';
  }
}

export async function listenError(error: NodeJS.ErrnoException, host: string, port: number, options: PortHolderOptions = {}): Promise<Error> {
  const code = error.code ?? 'unknown';
  if (code === 'EADDRINUSE') {
    const [holder, free] = await Promise.all([identifyPortHolder(host, port, options), freePortNear(host, port)]);
    const another = `pick another port: \`harombe start --port ${free ?? 0}\` for this run, or server.port in harombe.yaml`;
    const stop = holder.answer.kind === 'harombe' ? 'Stop it with `harombe stop`' : 'Stop that program';
    return new ListenError(`Port ${port} on ${host} is already in use by ${describePortHolder(holder)}.`, `${stop}, or ${another}.`, code);
  }
  if (code === 'EADDRNOTAVAIL') {
    return new ListenError(`This machine has no address ${host}.`, 'Set server.host in harombe.yaml to 127.0.0.1 (this machine only) or 0.0.0.0 (the network).', code);
  }
  if (code === 'EACCES') {
    return new ListenError(`Not allowed to listen on ${host}:${port} (ports below 1024 need root).`, `Pick a port of 1024 or higher: \`harombe start --port 8000\`, or server.port in harombe.yaml.`, code);
  }
  return new Error(`Cannot listen on ${host}:${port}: ${error.message}`);
}
