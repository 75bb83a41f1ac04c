import type * as pulumi from "@pulumi/pulumi";

/**
 * The provider's own inputs — `__deployment`, `__resourceName`, `__createKey` — which the
 * resource classes and check() add beside the declared arguments. `__provider` is the host's,
 * and the host carries it itself.
 */
export function hiddenInputs(values: Record<string, unknown> | undefined): Record<string, unknown> {
  const hidden: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values ?? {})) {
    if (key.startsWith("__") && key !== "__provider" && value !== undefined) hidden[key] = value;
  }
  return hidden;
}

/**
 * A refresh gives read() only the resource's outputs, and the inputs read() returns replace the
 * recorded ones. A hidden input that is not among the outputs is therefore dropped by every
 * refresh: `pulumi refresh --preview-only` on an unchanged stack shows each resource as changed,
 * and the state loses what recognises a resource's own create after a crash.
 *
 * So create and update keep the hidden inputs among the outputs, and read hands them back among
 * both its outputs and its inputs — the way the host itself carries `__provider`. The resources'
 * own handlers never see to it.
 */
export function carryingHiddenInputs(inner: pulumi.dynamic.ResourceProvider): pulumi.dynamic.ResourceProvider {
  const carried: pulumi.dynamic.ResourceProvider = { ...inner };
  if (inner.create) {
    const create = inner.create.bind(inner);
    carried.create = async (inputs) => {
      const result = await create(inputs);
      return { ...result, outs: { ...result.outs, ...hiddenInputs(inputs) } };
    };
  }
  if (inner.update) {
    const update = inner.update.bind(inner);
    carried.update = async (id, olds, news) => {
      const result = await update(id, olds, news);
      return { ...result, outs: { ...result.outs, ...hiddenInputs(news) } };
    };
  }
  if (inner.read) {
    const read = inner.read.bind(inner);
    carried.read = async (id, props) => {
      const result = await read(id, props);
      if (!result.id) return result; // gone: nothing to carry
      const hidden = hiddenInputs(props);
      return {
        ...result,
        props: result.props && { ...result.props, ...hidden },
        inputs: result.inputs && { ...result.inputs, ...hidden },
      };
    };
  }
  return carried;
}
