import { describe, it, expect } from "vitest";
import type * as pulumi from "@pulumi/pulumi";
import { carryingHiddenInputs, hiddenInputs } from "../../provider/hidden-inputs";

/** A provider that, like the resources' own, knows nothing of the hidden inputs. */
const plain: pulumi.dynamic.ResourceProvider = {
  create: async (inputs) => ({ id: "m1", outs: { displayName: inputs.displayName } }),
  update: async (_id, _olds, news) => ({ outs: { displayName: news.displayName } }),
  read: async (id, props) => (id === "gone" ? { id: "" } : { id, props: { displayName: "Live" }, inputs: { displayName: "Live" } }),
};

describe("the provider's hidden inputs through create, update and read", () => {
  const carried = carryingHiddenInputs(plain);
  const hidden = { __deployment: "p/s/desk", __createKey: "k1", __resourceName: "desk" };

  it("hiddenInputs keeps the __ keys but the host's __provider", () => {
    expect(hiddenInputs({ displayName: "D", __provider: "exports.handler = …", ...hidden, __none: undefined })).toEqual(hidden);
  });

  it("create and update keep them among the outputs", async () => {
    expect((await carried.create!({ displayName: "Desk", ...hidden })).outs).toEqual({ displayName: "Desk", ...hidden });
    expect((await carried.update!("m1", {}, { displayName: "Desk 2", ...hidden })).outs).toEqual({ displayName: "Desk 2", ...hidden });
  });

  it("read hands them back among its outputs and its inputs, so a refresh does not drop them", async () => {
    expect(await carried.read!("m1", { displayName: "Desk", ...hidden, __provider: "x" })).toEqual({
      id: "m1",
      props: { displayName: "Live", ...hidden },
      inputs: { displayName: "Live", ...hidden },
    });
  });

  it("a read that finds the object gone stays gone", async () => {
    expect(await carried.read!("gone", { ...hidden })).toEqual({ id: "" });
  });
});
