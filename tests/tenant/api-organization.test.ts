import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { startTestTenant, TestTenant } from "./helpers";

describe("GET /v1/organization", () => {
  let t: TestTenant;
  beforeAll(async () => {
    t = await startTestTenant();
  });
  afterAll(async () => t?.close());

  it("gives a reader the organisation's name, default domain and accepted domains from the seed", async () => {
    const r = await t.call("GET", "/v1/organization", undefined, { token: "t-reader" });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ defaultDomain: "fabrikam.test", acceptedDomains: ["fabrikam.test", "fabrikam.onmicrosoft.com"] });
  });

  it("refuses a user and an unknown token", async () => {
    expect((await t.call("GET", "/v1/organization", undefined, { token: "t-user" })).status).toBe(403);
    expect((await t.call("GET", "/v1/organization", undefined, { token: "nope" })).status).toBe(401);
  });
});
