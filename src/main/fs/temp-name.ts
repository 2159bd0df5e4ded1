// The names of harombe's atomic-write temp files: made in one place, so the start-up sweep recognises exactly these.

/** `.<file>.harombe-<pid>-<n>.tmp`, beside the file it will replace. */
const TEMP_NAME = /^\.(.+)\.harombe-(\d+)-([0-9a-z]+)\.tmp$/;
/** What harombe 0.1 named them (`.<file>.<pid>.<n>.tmp`); recognised only for files harombe is known to write. */
const EARLIER_TEMP_NAME = /^\.(.+)\.(\d+)\.([0-9a-z]+)\.tmp$/;

export function tempFileName(file: string, pid: number, counter: number): string {
  return `.${file}.harombe-${pid}-${counter.toString(36)}.tmp`;
}

export interface TempFileName {
  /** The file the temp file was to replace. */
  file: string;
  /** The process that was writing it. */
  pid: number;
}

/**
 * The file and writer a temp name stands for, or undefined when it is not one of harombe's. The earlier form counts
 * only when `earlierFor` accepts the file's name (it is too plain to claim for any file).
 */
export function parseTempFileName(name: string, earlierFor: (file: string) => boolean = () => false): TempFileName | undefined {
  const current = TEMP_NAME.exec(name);
  const match = current ?? EARLIER_TEMP_NAME.exec(name);
  if (!match || (!current && !earlierFor(match[1]!))) return undefined;
  const file = match[1]!;
  const pid = Number(match[2]);
  return Number.isSafeInteger(pid) && pid > 0 ? { file, pid } : undefined;
}
