// Child script: a harombe node's HTTP port plus its mDNS advertisement, in one network namespace.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MdnsAdvertiser } from '../../../src/main/cluster/discovery';
import type { NodeKind } from '../../../src/shared';
import { emit, scriptOptions, stopOn } from './script-io';

const options = scriptOptions<{
  name: string;
  model: string;
  tier: number;
  kind: NodeKind;
  version: string;
  /** The namespace's veth address: the HTTP server listens there, and mDNS multicasts on that interface. */
  listenAddress: string;
  host?: string;
}>();

const server = createServer((_request, response) => {
  response.setHeader('content-type', 'application/json');
  response.end(JSON.stringify({ status: 'healthy', node: options.name }));
});
await new Promise<void>((resolve) => server.listen(0, options.listenAddress, resolve));
const port = (server.address() as AddressInfo).port;

const advertiser = new MdnsAdvertiser({
  name: options.name,
  port,
  model: options.model,
  tier: options.tier,
  version: options.version,
  kind: options.kind,
  interface: options.listenAddress,
  nameCheckMs: 300,
  ...(options.host ? { host: options.host } : {}),
  logger: { debug: (message) => emit('debug', { message }), warn: (message) => emit('warn', { message }) },
});
try {
  await advertiser.start();
} catch (error) {
  emit('failed', { message: (error as Error).message });
  process.exit(1);
}
emit('advertising', { port, host: advertiser.advertisedHost });

stopOn(async () => {
  await advertiser.stop();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
