/** The package's public API: five resources and the settings they read. */
export { SharedMailbox, SharedMailboxArgs } from "./resources/shared-mailbox/resource";
export { MailboxPermission, MailboxPermissionArgs } from "./resources/mailbox-permission/resource";
export { ForwardingRule, ForwardingRuleArgs } from "./resources/forwarding-rule/resource";
export { AutoReply, AutoReplyArgs } from "./resources/auto-reply/resource";
export { MailboxAccess, MailboxAccessArgs } from "./resources/mailbox-access/resource";
export { loadDeclarations, DeclarationsError, DeclaredMailbox } from "./declarations";
export { DEFAULT_ENDPOINT } from "./settings";
