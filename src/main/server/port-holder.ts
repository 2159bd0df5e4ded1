// Who holds a port harombe could not listen on: another harombe, some other HTTP server, which process, a free port near.
import { readdir, readFile, readlink } from 'node:fs/promises';
import { createServer } from 'node:net';
import { basename, join } from 'node:path';
import { checkPort, clientUrl } from './port-check';

export interface PortHolder {
  /** What answers HTTP there: a harombe (pid when it said), another server (its Server header), or nothing HTTP. */
  answer: { kind: 'harombe'; version: string; pid?: number } | { kind: 'http'; server?: string } | { kind: 'none' };
  /** The listening process, from /proc (Linux; only this user's processes can be seen). */
  process?: { pid: number; name: string };
}

export interface PortHolderOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** /proc, moved in tests. */
  procRoot?: string;
}

/** The main port check (port-check.ts), in the terms of a listen failure. */
async function askHttp(host: string, port: number, options: PortHolderOptions): Promise<PortHolder['answer']> {
  const check = await checkPort(clientUrl(host, port), { ...(options.fetch ? { fetch: options.fetch } : {}), timeoutMs: options.timeoutMs ?? 1500 });
  if (check.state === 'harombe') return { kind: 'harombe', version: check.health.version, ...(check.health.pid ? { pid: check.health.pid } : {}) };
  if (check.state === 'other') return { kind: 'http', ...(check.server ? { server: check.server } : {}) };
  return { kind: 'none' };
}

/** Inodes of the sockets listening on `port` (state 0A) in /proc/net/tcp and tcp6. */
async function listeningInodes(procRoot: string, port: number): Promise<Set<string>> {
  const inodes = new Set<string>();
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const table of ['tcp', 'tcp6']) {
    const text = await readFile(join(procRoot, 'net', table), 'utf8').catch(() => '');
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields[1]?.endsWith(`:${hexPort}`) && fields[3] === '0A' && fields[9] && fields[9] !== '0') inodes.add(fields[9]);
    }
  }
  return inodes;
}

/** The program's name as started (cmdline's first word): `comm` is a thread's name, which Node sets to MainThread. */
async function programName(procRoot: string, pid: string): Promise<string> {
  const command = (await readFile(join(procRoot, pid, 'cmdline'), 'utf8').catch(() => '')).split('\0')[0] ?? '';
  if (command !== '') return basename(command);
  return (await readFile(join(procRoot, pid, 'comm'), 'utf8').catch(() => '?')).trim();
}

/** The process with one of these sockets open; another user's fd folders cannot be read, so it stays unknown. */
async function processWithSocket(procRoot: string, inodes: Set<string>): Promise<PortHolder['process']> {
  if (inodes.size === 0) return undefined;
  const targets = new Set([...inodes].map((inode) => `socket:[${inode}]`));
  const pids = (await readdir(procRoot).catch(() => [] as string[])).filter((entry) => /^\d+$/.test(entry));
  for (const pid of pids) {
    const fdFolder = join(procRoot, pid, 'fd');
    const fds = await readdir(fdFolder).catch(() => [] as string[]);
    for (const fd of fds) {
      const link = await readlink(join(fdFolder, fd)).catch(() => '');
      if (targets.has(link)) {
        return { pid: Number(pid), name: await programName(procRoot, pid) };
      }
    }
  }
  return undefined;
}

export async function identifyPortHolder(host: string, port: number, options: PortHolderOptions = {}): Promise<PortHolder> {
  const procRoot = options.procRoot ?? '/proc';
  // /proc/net/tcp is Linux's; elsewhere the process stays unknown (lsof could tell, but is not always there).
  const findProcess = async () => (process.platform === 'linux' || options.procRoot ? processWithSocket(procRoot, await listeningInodes(procRoot, port)) : undefined);
  const [answer, holder] = await Promise.all([askHttp(host, port, options), findProcess()]);
  return { answer, ...(holder ? { process: holder } : {}) };
}

/** "another harombe (pid 12)", "another program that answers HTTP there (Server: nginx), pid 7 (nginx)"... */
export function describePortHolder(holder: PortHolder): string {
  const { answer } = holder;
  if (answer.kind === 'harombe') {
    const pid = answer.pid ?? holder.process?.pid;
    return `another harombe (${pid === undefined ? `version ${answer.version}` : `pid ${pid}`})`;
  }
  const server = answer.kind === 'http' ? (answer.server ? `Server: ${answer.server}` : 'no Server header') : undefined;
  const what = server ? `another program that answers HTTP there (${server})` : 'another program';
  if (holder.process) return `${what}, pid ${holder.process.pid} (${holder.process.name})`;
  const unseen = process.platform === 'linux' ? 'which process is not visible: only your own processes can be seen' : 'which process is not known';
  return `${what}; ${unseen}`;
}

/** A port near `port` that is free on `host` now, to suggest; undefined when none of the next few is. */
export async function freePortNear(host: string, port: number, tries = 10): Promise<number | undefined> {
  for (let candidate = port + 1; candidate <= Math.min(port + tries, 65_535); candidate += 1) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = createServer();
      probe.unref();
      probe.once('error', () => resolve(false));
      probe.listen({ host, port: candidate, exclusive: true }, () => probe.close(() => resolve(true)));
    });
    if (free) return candidate;
  }
  return undefined;
}
