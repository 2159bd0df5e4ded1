// Child script: browse for harombe nodes and fetch each one found, reporting everything as JSON lines.
import { MdnsBrowser } from '../../../src/main/cluster/discovery';
import { emit, scriptOptions, stopOn } from './script-io';

const options = scriptOptions<{ serviceType?: string; fetchFound?: boolean; refreshIntervalMs?: number }>();

const browser = new MdnsBrowser({
  ...(options.serviceType ? { serviceType: options.serviceType } : {}),
  refreshIntervalMs: options.refreshIntervalMs ?? 0,
  logger: { debug: (message) => emit('debug', { message }), warn: (message) => emit('warn', { message }) },
});
browser.onDidFind((node) => {
  emit('found', { node });
  if (!options.fetchFound) return;
  // Proves the reported host:port is an address this side can connect to.
  fetch(`http://${node.host}:${node.port}/`, { signal: AbortSignal.timeout(3_000) })
    .then(async (response) => emit('fetched', { name: node.name, status: response.status, body: await response.json() }))
    .catch((error: unknown) => emit('fetch-failed', { name: node.name, message: String(error) }));
});
browser.onDidLose((name) => emit('lost', { name }));
await browser.start();
emit('browsing');

stopOn(() => browser.stop());
