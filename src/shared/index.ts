// The contract shared by every layer: schemas and the types inferred from them.
export * from './config-schema';
export * from './audit-schema';
export * from './approval-schema';
export * from './chat-schema';
export * from './agent-events';
export * from './conversation-schema';
export * from './file-change-schema';
export * from './hardware-schema';
export * from './api-contract';
export * from './cluster-schema';
export * from './diagnostics-schema';
export * from './api-client';
