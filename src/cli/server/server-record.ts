// The record a running `harombe start` leaves in $HAROMBE_HOME: pid, address and start time (harombe.pid),
// so `harombe status` and `harombe stop` find it. A record whose process is gone is stale and ignored.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { harombeHome } from '../../main/config';
import { writeFileAtomic } from '../../main/fs/atomic-write';

const serverRecordSchema = z.object({
  pid: z.number().int().positive(),
  url: z.string(),
  config: z.string(),
  started_at: z.string(),
  log: z.string().optional(),
});

export type ServerRecord = z.infer<typeof serverRecordSchema>;

export const pidFilePath = (): string => join(harombeHome(), 'harombe.pid');
export const logFilePath = (): string => join(harombeHome(), 'harombe.log');

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The live server's record, or undefined (no file, unreadable, or its process is gone). */
export async function readServerRecord(): Promise<ServerRecord | undefined> {
  let text: string;
  try {
    text = await readFile(pidFilePath(), 'utf8');
  } catch {
    return undefined;
  }
  let parsed: ServerRecord;
  try {
    parsed = serverRecordSchema.parse(JSON.parse(text));
  } catch {
    return undefined;
  }
  return isAlive(parsed.pid) ? parsed : undefined;
}

export async function writeServerRecord(record: ServerRecord): Promise<void> {
  await writeFileAtomic(pidFilePath(), `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
}

/** Removes the record if it is this process's (a newer server may have replaced it). */
export async function removeServerRecord(pid = process.pid): Promise<void> {
  const current = await readFile(pidFilePath(), 'utf8').catch(() => '');
  if (current && !current.includes(`"pid": ${pid},`)) return;
  await rm(pidFilePath(), { force: true });
}
