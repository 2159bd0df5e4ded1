// Approvals: the inline card (why it was asked, what a dangerous call will do, and the answers with their scopes) and the pending queue.
export { ApprovalCard, type ApprovalCardProps } from './components/approval-card';
export { ConnectedApprovalCard, type ConnectedApprovalCardProps } from './components/connected-approval-card';
export type { AlwaysAllowChoice } from './components/always-allow-panel';
export { ToolAction, prettyArguments } from './components/tool-action';
export { usePendingConfirmations, approvalKeys } from './api/confirmation-queries';
export { PendingApprovalsMenu } from './components/pending-approvals-menu';
