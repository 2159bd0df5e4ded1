// The tools folder's public face: the tool contract, the registry, the built-in tools and the workspace/sandbox rules.
export { defineTool } from './tool';
export type { AnyTool, Tool, ToolContext, ToolResult } from './tool';
export { ToolRegistry } from './tool-registry';
export type { PreparedCall, ToolSummary } from './tool-registry';
export { createBuiltinTools } from './builtin-tools';
export type { BuiltinToolOptions } from './builtin-tools';
export { resolveInWorkspace, WorkspacePathError } from './workspace';
export { detectSandbox, SandboxDetector, SandboxUnavailableError } from './sandbox';
export type { SandboxStatus } from './sandbox';
export { scrubEnvironment, SECRET_NAME_PATTERNS } from './scrub-environment';
export { readFileTool } from './read-file-tool';
export { writeFileTool } from './write-file-tool';
export { listDirectoryTool } from './list-directory-tool';
export { createShellTool } from './shell-tool';
export type { ShellToolOptions } from './shell-tool';
export { createWebSearchTool, formatSearchResults } from './web-search-tool';
export type { WebSearchToolOptions } from './web-search-tool';
export type { SearchResult } from './search-provider';
