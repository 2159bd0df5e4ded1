// Moved to src/shared/format.ts (issue 12 §3); this re-export goes once the last importer is changed.
export { formatClockTime, formatCount, formatDuration } from '../../shared/format';
