import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TenantClient } from "../../provider/client/tenant-client";
import { Directory } from "../../provider/directory";
import { providersFor } from "../../provider/resources/registry";
import type { Kind } from "../../provider/resources/descriptor";
import { keyOnObject } from "../../provider/rules/create-key";
import { startTestTenant, TestTenant, ADMIN, auditCount } from "./helpers";

/**
 * Stacks written before `__deployment` became the resources' only hidden input carried each
 * create's key from check to create in a hidden input `__createKey`. The keys below are what that
 * check stored for these declarations (recorded from it): each leaves out a default check fills in
 * (a mailbox's quota and switches, the grant's auto-mapping, keepCopy, the external audience),
 * which create's inputs then hold. A create whose answer an `up` of that version lost left its
 * object under that key; the current provider must send the same key and recognise the object.
 */
const OLD_KEYS: Record<Exclude<Kind, "MailboxAccess">, string> = {
  SharedMailbox: "NV5pNjB2uuf5mwox0hY6e03tUQClEo0dAi14t95oZdU",
  MailboxPermission: "iHrid2JcE5P-dOP-dhaJCOs3-Q5WtvggKmHK8pP-KYE",
  ForwardingRule: "xbwCuhIsWXBeoL0Tp1Sj2c1dOXyTJRVj3SCfnr-N_sI",
  AutoReply: "oWrOiuNfO991RCRD5BlBBEQ2LjiJTsPKT5i7YgEoRbM",
};

const DECLARED: [Exclude<Kind, "MailboxAccess">, Record<string, unknown>][] = [
  ["SharedMailbox", { displayName: "Upgrade Desk", primarySmtpAddress: "upgrade-desk@fabrikam.test", __deployment: "proj/dev/upgrade-desk" }],
  // A resource name holding "/": the name is all after the stack.
  ["MailboxPermission", { mailbox: "Existing Shared", trustee: "adele", accessRights: "FullAccess", __deployment: "proj/dev/upgrade/adele" }],
  ["ForwardingRule", { mailbox: "Existing Shared", forwardTo: "ben.walters@fabrikam.test", __deployment: "proj/dev/upgrade-forward" }],
  ["AutoReply", { mailbox: "Existing Shared", state: "Enabled", internalMessage: "Back soon.", __deployment: "proj/dev/upgrade-reply" }],
];

let t: TestTenant;
let existingShared: string;
beforeAll(async () => {
  t = await startTestTenant();
  existingShared = (await t.call("GET", "/v1/mailboxes/existing")).body.id;
});
afterAll(async () => t.close());

/** One provider process: its own Directory, as each engine run has. */
const processOf = () => providersFor(new Directory(new TenantClient({ endpoint: t.url, token: ADMIN })));

/** The key each kind's create sends: a setting's and a grant's on the mailbox object (keyOnObject). */
const sentKey = (kind: Exclude<Kind, "MailboxAccess">) => (kind === "SharedMailbox" ? OLD_KEYS[kind] : keyOnObject(OLD_KEYS[kind], existingShared)!);

describe("create keys across the upgrade that left __createKey out of the state", () => {
  const made = new Map<string, string>();

  it("create sends the key the earlier check stored, though its inputs hold defaults the declaration left out", async () => {
    const providers = processOf();
    for (const [kind, news] of DECLARED) {
      const checked = await providers[kind].check!({}, news);
      expect(checked.failures, kind).toEqual([]);
      expect(Object.keys(checked.inputs).filter((k) => k.startsWith("__")), kind).toEqual(["__deployment"]);
      const created = await providers[kind].create!(checked.inputs);
      made.set(kind, created.id);
      const record = await t.call("GET", `/v1/idempotency/${sentKey(kind)}`);
      expect(record.status, kind).toBe(200);
      // A setting's record names the mailbox it changed; a mailbox's and a grant's, what was made.
      expect(record.body.objectId, kind).toBe(kind === "ForwardingRule" || kind === "AutoReply" ? existingShared : created.id);
    }
  });

  it("after a crash, the next process recognises each earlier create by that key and gets it back: no refusal, nothing written", async () => {
    expect(made.size).toBe(DECLARED.length);
    const providers = processOf();
    const writes = await auditCount(t);
    for (const [kind, news] of DECLARED) {
      const checked = await providers[kind].check!({}, news);
      expect(checked.failures, kind).toEqual([]);
      expect((await providers[kind].create!(checked.inputs)).id, kind).toBe(made.get(kind));
    }
    expect(await auditCount(t)).toBe(writes);
  });

  it("another deployment's same declaration is not taken for its own: check says to adopt", async () => {
    const [, news] = DECLARED[2]!;
    const checked = await processOf().ForwardingRule.check!({}, { ...news, __deployment: "proj/prod/upgrade-forward" });
    expect(checked.failures).toEqual([expect.objectContaining({ property: "forwardTo", reason: expect.stringContaining("add adopt: true") })]);
  });
});
