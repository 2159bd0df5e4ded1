// Approvals: the inline card (what a dangerous call will do, and the three answers) and the pending queue.
export { ApprovalCard, type ApprovalCardProps } from './components/approval-card';
export { ConnectedApprovalCard, type ConnectedApprovalCardProps } from './components/connected-approval-card';
export { ToolAction, prettyArguments } from './components/tool-action';
export { usePendingConfirmations, approvalKeys } from './api/confirmation-queries';
export { PendingApprovalsMenu } from './components/pending-approvals-menu';
