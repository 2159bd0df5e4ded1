// One log file per launch (the runtime's own logger, written to $logs/harombe-<time>.log), the last few kept, so
// "Open logs" shows what this launch did. Appends synchronously: a log line must not hold the process at quit.
import { appendFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { ServerLogger } from '../server';

const KEEP = 10;

export interface LaunchLog {
  path: string;
  logger: ServerLogger;
}

export function openLaunchLog(folder: string, now = new Date()): LaunchLog {
  mkdirSync(folder, { recursive: true });
  const path = join(folder, `harombe-${now.toISOString().replace(/[:.]/g, '-')}.log`);
  const older = readdirSync(folder).filter((name) => /^harombe-.*\.log$/.test(name)).sort();
  for (const name of older.slice(0, Math.max(0, older.length - (KEEP - 1)))) rmSync(join(folder, name), { force: true });
  const write = (level: string) => (message: string) => {
    try {
      appendFileSync(path, `${new Date().toISOString()} ${level} ${message}\n`);
    } catch {
      // A full disk must not stop harombe; the line is lost.
    }
  };
  return { path, logger: { info: write('info'), warn: write('warn'), error: write('error') } };
}
