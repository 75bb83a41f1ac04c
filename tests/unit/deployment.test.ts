import { describe, it, expect } from "vitest";
import { deploymentOf, resourceNameOf } from "../../provider/rules/deployment";
import { resourceName } from "../../provider/rules/access-claims";

describe("the resource's name, from its deployment", () => {
  it.each([
    ["proj/dev/desk", "desk"],
    // Project and stack names cannot hold "/", a resource name can: all after the second "/" is the name.
    ["proj/dev/team/desk", "team/desk"],
    ["proj/dev/a/b/c", "a/b/c"],
  ])("%s names %s", (deployment, name) => {
    expect(resourceNameOf(deployment)).toBe(name);
    expect(resourceName({ mailbox: "m", __deployment: deployment })).toBe(name);
  });

  it("a check with no deployment (no resource class set one) names it as unnamed", () => {
    expect(deploymentOf({ mailbox: "m" })).toBeUndefined();
    expect(deploymentOf({ __deployment: "" })).toBeUndefined();
    expect(resourceName({ mailbox: "m" })).toBe("(unnamed)");
  });
});
