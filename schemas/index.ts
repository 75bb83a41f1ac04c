export * from "./common";
export * from "./rights";
export * from "./recipient";
export * from "./shared-mailbox";
export * from "./permission";
export * from "./forwarding";
export * from "./auto-reply";
export * from "./reply-html";
