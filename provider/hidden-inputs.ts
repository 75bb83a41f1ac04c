import type * as pulumi from "@pulumi/pulumi";
import { DEPLOYMENT_INPUT } from "./rules/deployment";

/**
 * The provider's own input beside the declared arguments: `__deployment`, which the resource
 * classes add (rules/deployment.ts). `__provider` is the host's, and the host carries it itself.
 * Stacks written by earlier versions also hold `__resourceName` and `__createKey`, now derived
 * from `__deployment` where they are used: they are not carried on. An `up` that changes nothing
 * leaves them out of a resource's inputs (the engine records what check returns); its outputs
 * shed them at the first refresh or update.
 */
export function hiddenInputs(values: Record<string, unknown> | undefined): Record<string, unknown> {
  const deployment = values?.[DEPLOYMENT_INPUT];
  return deployment === undefined ? {} : { [DEPLOYMENT_INPUT]: deployment };
}

/**
 * A refresh gives read() only the resource's outputs, and the inputs read() returns replace the
 * recorded ones. A hidden input that is not among the outputs is therefore dropped by every
 * refresh: `pulumi refresh --preview-only` on an unchanged stack shows each resource as changed,
 * and the state loses the deployment that names the resource and recognises its own create
 * after a crash.
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
