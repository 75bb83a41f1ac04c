import type * as pulumi from "@pulumi/pulumi";
import { TenantClient } from "./client/tenant-client";
import { Directory } from "./directory";
import { resolveSettings, SettingsError } from "./settings";
import { carryingHiddenInputs } from "./hidden-inputs";
import { RESOURCES, type Kind } from "./resources/registry";

/**
 * The provider's real code, loaded by name at run time by the one-line module each resource
 * keeps in its state (see resources/serialized.ts): refresh and destroy of an existing stack run
 * today's code, and no setting or secret is ever serialized.
 *
 * `handler(kind)` is what that module calls. `configure` and `provider(kind)` are what the
 * provider objects of earlier versions call from state written then (seven functions, each
 * `require("pulumi-mailbox/provider/runtime").provider(kind).<method>(...)`): keep them.
 */
export type { Kind };

let directory: Directory | undefined;
/** Why the settings cannot work (no token), when they cannot. */
let settingsProblem: SettingsError | undefined;
const providers = new Map<Kind, pulumi.dynamic.ResourceProvider>();

/**
 * What Pulumi does with the settings, said where a rotated token shows: `refresh` and `destroy`
 * configure the provider with the config recorded in the state by the last `up`, not the stack's
 * current config, unless they run the program.
 */
export const ROTATION_HINT =
  "pulumi refresh and pulumi destroy use the mailbox:token and mailbox:endpoint recorded in the state by the last up, not the stack's current config: after rotating the token or moving the endpoint, run them with --run-program (pulumi refresh --run-program, pulumi destroy --run-program, pulumi up --refresh --run-program), or run pulumi up once; a token kept in a file (mailbox:tokenFile) is read anew by every command";

function connect(config: pulumi.dynamic.ConfigureRequest["config"] | undefined): void {
  try {
    directory = new Directory(new TenantClient({ ...resolveSettings(config), unauthorizedHint: ROTATION_HINT }));
  } catch (e) {
    if (!(e instanceof SettingsError)) throw e;
    settingsProblem = e;
  }
}

/** Called once per provider process with the stack's config (mailbox:endpoint, mailbox:token). */
export async function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  if (directory || settingsProblem) return;
  connect(req.config);
}

export function provider(kind: Kind): pulumi.dynamic.ResourceProvider {
  // Engines older than 3.139 never call configure: fall back to the environment.
  if (!directory && !settingsProblem) connect(undefined);
  if (settingsProblem) return unusable(settingsProblem.message);
  let p = providers.get(kind);
  if (!p) {
    p = carryingHiddenInputs(RESOURCES[kind].provider(directory!));
    providers.set(kind, p);
  }
  return p;
}

/**
 * The provider when its settings cannot work. A throw from configure would be printed by the
 * provider host with its stack trace, once per resource and again by the engine; instead the
 * plan-time check fails with the message alone, and the other calls (refresh, destroy) fail with
 * one line and no stack.
 */
function unusable(reason: string): pulumi.dynamic.ResourceProvider {
  const fail = async (): Promise<never> => {
    const e = new Error(reason);
    e.stack = "";
    throw e;
  };
  return {
    check: async (_olds, news) => ({ inputs: news, failures: [{ property: "", reason }] }),
    diff: fail,
    create: fail,
    read: fail,
    update: fail,
    delete: fail,
  };
}

const METHODS = ["check", "diff", "create", "read", "update", "delete"] as const;
const handlers = new Map<Kind, pulumi.dynamic.ResourceProvider>();

/**
 * The provider object the host asks for: configure, then the kind's handlers. They are looked
 * up at each call, because the host deserializes a provider before it configures it.
 */
export function handler(kind: Kind): pulumi.dynamic.ResourceProvider {
  let h = handlers.get(kind);
  if (!h) {
    const methods: Record<string, unknown> = { configure };
    for (const m of METHODS) methods[m] = (...args: unknown[]) => (provider(kind)[m] as (...a: unknown[]) => unknown)(...args);
    h = methods as unknown as pulumi.dynamic.ResourceProvider;
    handlers.set(kind, h);
  }
  return h;
}
