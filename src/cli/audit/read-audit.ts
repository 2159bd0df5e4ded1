// Where `harombe audit` gets the log: from the running server (GET /audit), or, when none runs, from the file itself.
import { auditLogPath, readAuditLog, type AuditQuery } from '../../main/audit';
import type { AuditEntry, AuditQueryParameters } from '../../shared';
import { askServer } from '../cluster/running-server';

export interface AuditReadDependencies {
  /** The running harombe's base URL, or undefined when none answers. */
  findRunningServer: (configPath: string) => Promise<string | undefined>;
  /** $HAROMBE_HOME, where audit.log lives. */
  home: string;
  /** Told when the server could not be asked and the file is read instead. */
  note: (message: string) => void;
}

export interface AuditRead {
  entries: AuditEntry[];
  skipped: number;
  file: string;
  /** Where it came from: the server's URL, or `file`. */
  source: string;
}

/**
 * Asks the running server first (it may keep its home elsewhere, and it sees its own unflushed lines); when none runs,
 * or it cannot be asked, reads this home's audit.log and its rotated files.
 */
export async function readAudit(configPath: string, parameters: AuditQueryParameters, since: Date | undefined, dependencies: AuditReadDependencies): Promise<AuditRead> {
  const server = await dependencies.findRunningServer(configPath);
  if (server) {
    try {
      const answer = await askServer(server, (client, signal) => client.call('audit.list', { query: parameters, signal }));
      return { ...answer, source: server };
    } catch (error) {
      const file = auditLogPath(dependencies.home);
      dependencies.note(`The harombe server at ${server} could not be asked (${error instanceof Error ? error.message : String(error)}); reading ${file} instead.`);
    }
  }
  const query: AuditQuery = {
    ...(parameters.conversation !== undefined ? { conversation: parameters.conversation } : {}),
    ...(since ? { since } : {}),
    ...(parameters.tool !== undefined ? { tool: parameters.tool } : {}),
    ...(parameters.decision !== undefined ? { decision: parameters.decision } : {}),
    ...(parameters.limit !== undefined ? { limit: parameters.limit } : {}),
  };
  const read = await readAuditLog(dependencies.home, query);
  return { ...read, source: read.file };
}
