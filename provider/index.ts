/** The package's public API: four resources and the settings they read. */
export { SharedMailbox, SharedMailboxArgs } from "./resources/shared-mailbox/resource";
export { MailboxPermission, MailboxPermissionArgs } from "./resources/mailbox-permission/resource";
export { ForwardingRule, ForwardingRuleArgs } from "./resources/forwarding-rule/resource";
export { AutoReply, AutoReplyArgs } from "./resources/auto-reply/resource";
export { loadDeclarations, DeclarationsError, DeclaredMailbox } from "./declarations";
export { DEFAULT_ENDPOINT } from "./settings";
