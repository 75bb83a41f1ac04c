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
  const hidden = { __deployment: "p/s/desk" };
  /** What stacks written by earlier versions also hold, now derived from __deployment where used. */
  const retired = { __createKey: "k1", __resourceName: "desk" };

  it("hiddenInputs keeps __deployment alone: not the host's __provider, nor the keys earlier versions kept", () => {
    expect(hiddenInputs({ displayName: "D", __provider: "exports.handler = …", ...hidden, ...retired })).toEqual(hidden);
    expect(hiddenInputs({ displayName: "D", __provider: "x" })).toEqual({});
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

  it("a read of a resource an earlier version wrote sheds the retired keys, in its outputs and its inputs", async () => {
    expect(await carried.read!("m1", { displayName: "Desk", ...hidden, ...retired, __provider: "x" })).toEqual({
      id: "m1",
      props: { displayName: "Live", ...hidden },
      inputs: { displayName: "Live", ...hidden },
    });
    expect((await carried.update!("m1", { ...retired, ...hidden }, { displayName: "Desk 2", ...hidden })).outs).toEqual({ displayName: "Desk 2", ...hidden });
  });

  it("a read that finds the object gone stays gone", async () => {
    expect(await carried.read!("gone", { ...hidden })).toEqual({ id: "" });
  });
});
