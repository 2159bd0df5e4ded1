// The MCP engine's two failures, kept apart from the SDK so code that only words them does not load it.

/** A server that could not be started, with a reason a person can act on. */
export class McpStartError extends Error {}

/** A call that could not run or finish, worded from its verb on: `was not run: the MCP server "x" is restarting …`. */
export class McpCallError extends Error {}
