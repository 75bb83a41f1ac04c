import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { MailboxPermission } from "pulumi-mailbox";
import { engineFixture, EngineFixture } from "./harness";
import { REPLICATING, settle } from "./replication-delay";

// The tenant keeps what is written unseen for REPLICATION_DELAY_MS (see replication-delay.ts).
describe("a grant on an existing mailbox while the tenant is still replicating it", () => {
  let f: EngineFixture;
  const grantProgram = () => {
    new MailboxPermission("reception-lee", { mailbox: "reception@contoso.com", trustee: "lee.gu@contoso.com", accessRights: "SendAs" });
  };
  const sendAsOfLee = async () =>
    (await f.get("/v1/recipients/reception@contoso.com/grants")).body.items.filter(
      (g: { accessRights: string; trusteeAddress: string }) => g.accessRights === "SendAs" && g.trusteeAddress === "lee.gu@contoso.com",
    );
  const managed = async () => (await f.stack.exportStack()).deployment.resources.filter((r: { type: string }) => r.type.startsWith("pulumi-nodejs:dynamic"));

  beforeAll(async () => {
    f = await engineFixture("replication-grant", REPLICATING);
  });
  afterAll(async () => f?.dispose());

  it("destroy right after up removes the grant: once replication settles the tenant does not hold it", async () => {
    f.declare(grantProgram);
    expect((await f.up()).error).toBeUndefined();
    const r = await f.destroy();
    expect(r.error).toBeUndefined();
    expect(r.steps["reception-lee"]).toEqual(["delete"]);
    await settle();
    expect(await sendAsOfLee()).toEqual([]);
  }, 180_000);

  it("refresh right after up keeps the new grant in state, and the next preview shows no changes", async () => {
    f.declare(grantProgram);
    expect((await f.up()).error).toBeUndefined();
    const r = await f.refresh();
    expect(r.error).toBeUndefined();
    expect((await managed()).map((x: { urn: string }) => x.urn.split("::").pop())).toEqual(["reception-lee"]);
    const p = await f.preview({ expectNoChanges: true });
    expect(p.error).toBeUndefined();
    expect(p.diagnostics).toEqual([]);
    expect(await sendAsOfLee()).toHaveLength(1);
  }, 180_000);
});
