import { AccessRight, RecipientType, recipientTypeLabel, GROUP_TYPES } from "./common";

/**
 * Who may be granted what, on what: the one table of the grant rules
 * (docs/rules.md shows it, generated from here). The provider (at plan
 * time) and the tenant (on every write) both read it; nothing else encodes these rules.
 */
export const RIGHTS_TABLE: Record<AccessRight, { targets: readonly RecipientType[]; trustees: readonly RecipientType[] }> = {
  FullAccess: {
    targets: ["UserMailbox", "RoomMailbox", "EquipmentMailbox", "SharedMailbox", "DiscoveryMailbox"],
    trustees: ["UserMailbox", "MailUser", "MailUniversalSecurityGroup"],
  },
  SendAs: {
    targets: [
      "UserMailbox", "LinkedMailbox", "RoomMailbox", "EquipmentMailbox", "SharedMailbox",
      "MailUniversalDistributionGroup", "DynamicDistributionGroup", "MailUniversalSecurityGroup", "GroupMailbox",
    ],
    trustees: ["UserMailbox", "MailUser", "MailUniversalSecurityGroup"],
  },
  SendOnBehalf: {
    targets: [
      "UserMailbox", "LinkedMailbox", "RoomMailbox", "EquipmentMailbox", "SharedMailbox",
      "MailUniversalDistributionGroup", "DynamicDistributionGroup", "MailUniversalSecurityGroup", "GroupMailbox",
    ],
    trustees: ["UserMailbox", "MailUser", "MailUniversalSecurityGroup", "MailUniversalDistributionGroup"],
  },
};

/** Exchange's limit of permission entries on one mailbox. */
export const MAX_PERMISSION_ENTRIES = 500;

function labels(types: readonly RecipientType[]): string {
  const names = types.map((t) => recipientTypeLabel[t]);
  return names.length <= 1 ? names.join("") : `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}`;
}

export interface RecipientFacts {
  /** How the user named it, for messages. */
  name: string;
  type: RecipientType;
}

export type RuleViolation = { code: string; field: "mailbox" | "trustee" | "autoMapping"; message: string };

/** The recipient-type rules of a grant; empty when allowed. */
export function grantViolations(
  right: AccessRight,
  target: RecipientFacts | undefined,
  trustee: RecipientFacts | undefined,
  autoMapping: boolean | undefined,
): RuleViolation[] {
  const rule = RIGHTS_TABLE[right];
  const out: RuleViolation[] = [];
  if (target && !rule.targets.includes(target.type)) {
    out.push({
      code: "RecipientTypeNotAllowed",
      field: "mailbox",
      message: `"${target.name}" is ${recipientTypeLabel[target.type]}; ${right} can be granted only on ${labels(rule.targets)}`,
    });
  }
  if (trustee) {
    if (trustee.type === "MailContact") {
      out.push({
        code: "ExternalTrustee",
        field: "trustee",
        message: `"${trustee.name}" is outside the organisation (an external contact); only people within your organization can be granted ${right}: use a user mailbox, a mail user or a group of the organisation`,
      });
    } else if (!rule.trustees.includes(trustee.type)) {
      out.push({
        code: "RecipientTypeNotAllowed",
        field: "trustee",
        message: `"${trustee.name}" is ${recipientTypeLabel[trustee.type]}; ${right} can be granted only to ${labels(rule.trustees)}`,
      });
    }
    if (right === "FullAccess" && autoMapping === true && GROUP_TYPES.includes(trustee.type)) {
      out.push({
        code: "AutoMappingForGroup",
        field: "autoMapping",
        message: `auto-mapping does nothing for a group ("${trustee.name}" is ${recipientTypeLabel[trustee.type]}): set autoMapping to false, or grant FullAccess to the members one by one to have Outlook add the mailbox for them`,
      });
    }
  }
  return out;
}

/** Message for a trustee given as an address that no recipient of the tenant holds. */
export function externalAddressMessage(address: string, right: AccessRight): string {
  return `"${address}" is not a recipient of this organisation; only people within your organization can be granted ${right}: use the address of a user mailbox, a mail user or a group of the organisation`;
}
