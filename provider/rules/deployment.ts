/**
 * The one hidden input a resource keeps beside its arguments: its deployment,
 * `<project>/<stack>/<resource name>`, set by the resource classes (the engine tells check and
 * create neither the stack nor which resource they handle). What the provider needs to know of
 * the resource is derived from it: its name (rules/access-claims.ts, the plan-time clash
 * messages) and its create key (rules/create-key.ts).
 */
export const DEPLOYMENT_INPUT = "__deployment";

export function deploymentOf(inputs: Record<string, unknown>): string | undefined {
  const value = inputs[DEPLOYMENT_INPUT];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/**
 * The resource's Pulumi name in a deployment name. Project and stack names cannot contain "/", a
 * resource name can: the name is everything after the second "/".
 */
export function resourceNameOf(deployment: string): string {
  const project = deployment.indexOf("/");
  const stack = project < 0 ? -1 : deployment.indexOf("/", project + 1);
  return stack < 0 ? deployment : deployment.slice(stack + 1);
}
