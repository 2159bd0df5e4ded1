// A throwaway network namespace joined to this one by a veth pair, so a test has a real non-loopback client without
// touching the machine's real network: host side 10.254.N.1, namespace side 10.254.N.2 (both made by the test).
import { execFile } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface NetworkNamespace {
  name: string;
  hostAddress: string;
  namespaceAddress: string;
  /** Runs a command inside the namespace. */
  exec(command: string, args: string[], options?: { timeoutMs?: number }): Promise<{ stdout: string; stderr: string; code: number }>;
  remove(): Promise<void>;
}

/** Why namespaces cannot be made here, or undefined when they can (checked once by making and removing one). */
export async function namespaceUnavailableReason(): Promise<string | undefined> {
  try {
    const namespace = await createNetworkNamespace();
    await namespace.remove();
    return undefined;
  } catch (error) {
    return `network namespaces are not available here (${error instanceof Error ? error.message.split('\n')[0] : String(error)}); run as root with iproute2 installed`;
  }
}

export async function createNetworkNamespace(): Promise<NetworkNamespace> {
  const id = randomInt(1, 250);
  const name = `harombe-test-${process.pid}-${id}`;
  const hostVeth = `hrb${id}h${process.pid % 1000}`.slice(0, 15);
  const namespaceVeth = `hrb${id}n${process.pid % 1000}`.slice(0, 15);
  const hostAddress = `10.254.${id}.1`;
  const namespaceAddress = `10.254.${id}.2`;
  const steps: string[][] = [
    ['netns', 'add', name],
    ['link', 'add', hostVeth, 'type', 'veth', 'peer', 'name', namespaceVeth],
    ['link', 'set', namespaceVeth, 'netns', name],
    ['addr', 'add', `${hostAddress}/30`, 'dev', hostVeth],
    ['link', 'set', hostVeth, 'up'],
    ['-n', name, 'addr', 'add', `${namespaceAddress}/30`, 'dev', namespaceVeth],
    ['-n', name, 'link', 'set', namespaceVeth, 'up'],
    ['-n', name, 'link', 'set', 'lo', 'up'],
  ];
  const remove = async () => {
    await run('ip', ['link', 'del', hostVeth]).catch(() => undefined);
    await run('ip', ['netns', 'del', name]).catch(() => undefined);
  };
  try {
    for (const step of steps) await run('ip', step);
  } catch (error) {
    await remove();
    throw error;
  }
  return {
    name,
    hostAddress,
    namespaceAddress,
    remove,
    exec: async (command, args, options = {}) => {
      try {
        const { stdout, stderr } = await run('ip', ['netns', 'exec', name, command, ...args], { timeout: options.timeoutMs ?? 10_000 });
        return { stdout, stderr, code: 0 };
      } catch (error) {
        const failure = error as { stdout?: string; stderr?: string; code?: number };
        return { stdout: failure.stdout ?? '', stderr: failure.stderr ?? '', code: typeof failure.code === 'number' ? failure.code : 1 };
      }
    },
  };
}
