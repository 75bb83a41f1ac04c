import * as fs from "fs";
import * as path from "path";
import { loadDeclarations } from "pulumi-mailbox";

/** mailboxes.yaml next to this file, whether it runs from the sources or from dist/. */
export const YAML_EXAMPLE = [path.join(__dirname, "mailboxes.yaml"), path.resolve(__dirname, "../../../examples/yaml/mailboxes.yaml")].find((f) =>
  fs.existsSync(f),
) ?? path.join(__dirname, "mailboxes.yaml");

/**
 * The mailboxes of a YAML declarations file (by default examples/yaml/mailboxes.yaml): each
 * mailbox, its grants, forwarding and automatic replies. Exports each mailbox's id and address.
 */
export function yamlProgram(file: string = YAML_EXAMPLE) {
  const declared = loadDeclarations(file);
  return Object.fromEntries(
    Object.entries(declared).map(([name, d]) => [
      name,
      {
        mailboxId: d.mailbox.mailboxId,
        primarySmtpAddress: d.mailbox.primarySmtpAddress,
        grants: Object.values(d.permissions).map((p) => p.grantId),
        forwardsTo: d.forwarding?.effectiveTarget,
        autoReply: d.autoReply?.state,
      },
    ]),
  );
}
