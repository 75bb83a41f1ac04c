/** The package's public API: five resources and the settings they read. */
export { SharedMailbox, SharedMailboxArgs } from "./resources/shared-mailbox/resource";
export { MailboxPermission, MailboxPermissionArgs } from "./resources/mailbox-permission/resource";
export { ForwardingRule, ForwardingRuleArgs } from "./resources/forwarding-rule/resource";
export { AutoReply, AutoReplyArgs } from "./resources/auto-reply/resource";
export { MailboxAccess, MailboxAccessArgs } from "./resources/mailbox-access/resource";
// Named from their own modules, not through the declarations barrel: resolving its `export *`
// makes TypeScript check zod's locale declarations, which fail (TS1259) in a project without
// esModuleInterop, as the one `pulumi new typescript` writes.
export { loadDeclarations, DeclaredMailbox } from "./declarations/load";
export { DeclarationsError } from "./declarations/plan";
export { DEFAULT_ENDPOINT } from "./settings";
