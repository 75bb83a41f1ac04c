import * as pulumi from "@pulumi/pulumi";
import { deriveAlias, foldIdentity } from "../../schemas/common";
import { IdentityIndex, identityIndex, plainAddress, type IdentifiedRecipient } from "../../schemas/directory-rules";
import type { Kind } from "./descriptor";
import { PendingLiterals } from "./pending-literals";

/**
 * The SharedMailboxes a program declares, so that a grant or setting naming its mailbox by a
 * literal (`mailbox: "reception@contoso.com"`) instead of the mailbox's output still comes after
 * it. Without a dependency the engine may delete the mailbox first on destroy (Exchange then keeps
 * the grant or setting with the soft-deleted mailbox, and a restore brings it back) and may make
 * the grant before the mailbox on up. A literal is matched the way the tenant resolves an identity
 * (identityIndex: an address of the mailbox, else its alias or name, without regard to case), or
 * else as the primary address the tenant derives from the alias (DerivedAddresses).
 */

/** A SharedMailbox declared so far, as the tenant's identity rule sees it. */
interface DeclaredMailbox<R> extends IdentifiedRecipient {
  resourceName: string;
  resource: R;
  /** Its primary address is its own (declared, or kept from the user mailbox it converts), not derived from its alias. */
  ownPrimaryAddress: boolean;
}

/** A grant or setting whose literal matched no SharedMailbox declared before it. */
export interface LiteralReference<R> {
  kind: Kind;
  resourceName: string;
  literal: string;
  resource: R;
}

/** What a SharedMailbox's arguments say of its identity, from the values known in the program. */
export interface MailboxIdentityArgs {
  name?: unknown;
  displayName?: unknown;
  alias?: unknown;
  primarySmtpAddress?: unknown;
  additionalAddresses?: unknown;
  convertFrom?: unknown;
}

const text = (v: unknown): string | undefined => (typeof v === "string" && v.trim() !== "" ? v : undefined);

/**
 * The name, alias and addresses a declaration gives its mailbox, as far as the program knows them:
 * a value that is an Output is not known here and matches nothing. Exchange's defaults: the name is
 * the display name, the alias derived from the name. An address derived from the alias needs the
 * tenant's default domain, which the program does not know: only declared addresses are listed
 * (DerivedAddresses matches the derived one by its local part).
 */
export function declaredIdentity(args: MailboxIdentityArgs): Omit<IdentifiedRecipient, "id"> {
  const name = args.name === undefined ? text(args.displayName) : text(args.name);
  const alias = args.alias === undefined ? (name === undefined ? undefined : deriveAlias(name)) : text(args.alias);
  const extra = Array.isArray(args.additionalAddresses) ? args.additionalAddresses : [];
  return {
    name: name ?? "",
    alias: alias ?? "",
    emailAddresses: [text(args.primarySmtpAddress), ...extra.map(text)].filter((a): a is string => a !== undefined),
  };
}

/**
 * The one declared mailbox whose derived primary address (`alias@<the tenant's default domain>`) an
 * address may be: its local part is the mailbox's alias, declared or derived, in any case, and the
 * mailbox has no primary address of its own. The program does not know the default domain, so the
 * domain is not compared: `sales@fabrikam.com` may be taken for the mailbox aliased `sales` while
 * it is another recipient. Such a false match only adds an ordering edge (dependsOn) or the warning
 * of a mailbox declared later, never a wrong write: the checks and writes resolve the literal in
 * the tenant itself. When two declared mailboxes answer to the local part (with an address of
 * their own or not), none is taken.
 */
export class DerivedAddresses<M extends Pick<DeclaredMailbox<unknown>, "alias" | "ownPrimaryAddress">> {
  /** Every declared mailbox with an alias, by its folded alias, in the order declared. */
  private readonly byAlias = new Map<string, M[]>();

  constructor(mailboxes: Iterable<M> = []) {
    for (const m of mailboxes) this.add(m);
  }

  add(mailbox: M): void {
    if (mailbox.alias === "") return;
    const key = foldIdentity(mailbox.alias);
    const answering = this.byAlias.get(key);
    if (answering) answering.push(mailbox);
    else this.byAlias.set(key, [mailbox]);
  }

  /** The mailbox whose derived address a literal may be, with one look-up of its local part. */
  owner(literal: string): M | undefined {
    const address = plainAddress(literal);
    const at = address.lastIndexOf("@");
    if (at <= 0 || at === address.length - 1) return undefined;
    const answering = this.byAlias.get(foldIdentity(address.slice(0, at)));
    return answering?.length === 1 && !answering[0]!.ownPrimaryAddress ? answering[0] : undefined;
  }
}

const isSet = (v: unknown): boolean => v !== undefined && v !== null;

export class ProgramMailboxes<R> {
  /** The SharedMailboxes declared so far, indexed as each is declared: a program's resources ask between declarations. */
  private readonly mailboxes = new IdentityIndex<DeclaredMailbox<R>>();
  private readonly derived = new DerivedAddresses<DeclaredMailbox<R>>();
  private declared = 0;
  private readonly pending = new PendingLiterals<LiteralReference<R>>();

  /**
   * Records a SharedMailbox; returns the literal references declared before it that name it (they
   * cannot depend on it any more: the engine has their registration already).
   */
  declareMailbox(resourceName: string, args: MailboxIdentityArgs, resource: R): LiteralReference<R>[] {
    // An id no literal can be: identityIndex takes an identity equal to an id as that recipient.
    const ownPrimaryAddress = isSet(args.primarySmtpAddress) || isSet(args.convertFrom);
    const mailbox = { id: `\0${this.declared++}`, resourceName, resource, ownPrimaryAddress, ...declaredIdentity(args) };
    this.mailboxes.add(mailbox);
    this.derived.add(mailbox);
    const itself = identityIndex([mailbox]);
    const named = this.pending.candidates(mailbox).filter((ref) => itself(ref.literal).length > 0 || this.derived.owner(ref.literal) === mailbox);
    for (const ref of named) this.pending.delete(ref);
    return named;
  }

  /**
   * The SharedMailbox declared so far that a literal names; none when none or several answer to it.
   * A literal the identity rule finds nothing for may still be a derived address.
   */
  find(literal: string): DeclaredMailbox<R> | undefined {
    const found = this.mailboxes.find(literal);
    if (found.length === 0) return this.derived.owner(literal);
    return found.length === 1 ? found[0] : undefined;
  }

  /** A literal that named no mailbox declared so far: a later SharedMailbox may be it. */
  remember(ref: LiteralReference<R>): void {
    this.pending.add(ref);
  }
}

// One registry per program run: an inline program runs again in the same process (the Automation
// API), each run under a stack resource of its own.
const registries = new WeakMap<object, ProgramMailboxes<pulumi.Resource>>();
const outsideAStack = {};

function programMailboxes(): ProgramMailboxes<pulumi.Resource> {
  const key = pulumi.runtime.getStackResource() ?? outsideAStack;
  let registry = registries.get(key);
  if (!registry) registries.set(key, (registry = new ProgramMailboxes()));
  return registry;
}

/** The warning for a grant or setting declared before the SharedMailbox its literal names. */
export function declaredLaterMessage(ref: Pick<LiteralReference<unknown>, "kind" | "resourceName" | "literal">, mailboxName: string): string {
  return (
    `${ref.kind} "${ref.resourceName}" names its mailbox by the literal "${ref.literal}", which is SharedMailbox "${mailboxName}" ` +
    `of this program, declared after it: the engine sees no dependency between them, so destroy may delete the mailbox first ` +
    `(its grants and settings then stay with the soft-deleted mailbox and come back if it is restored) and up may make ` +
    `the ${ref.kind} before the mailbox. Pass the mailbox's output instead (mailbox: <the SharedMailbox>.primarySmtpAddress), ` +
    `or declare the SharedMailbox before it.`
  );
}

/**
 * Called by every resource's constructor: a SharedMailbox is recorded (and a warning given for each
 * literal declared before it that names it); a grant or setting whose `mailbox` is a literal naming
 * a SharedMailbox declared earlier gets it added to `dependsOn`. Returns the options to register
 * with and what to call once the resource exists.
 */
export function linkProgramMailbox(
  kind: Kind,
  resourceName: string,
  props: pulumi.Inputs,
  opts: pulumi.CustomResourceOptions | undefined,
): { opts: pulumi.CustomResourceOptions | undefined; registered(resource: pulumi.Resource): void } {
  const registry = programMailboxes();
  if (kind === "SharedMailbox") {
    return {
      opts,
      registered: (resource) => {
        for (const ref of registry.declareMailbox(resourceName, props, resource)) {
          pulumi.log.warn(declaredLaterMessage(ref, resourceName), ref.resource);
        }
      },
    };
  }
  const literal = text(props.mailbox);
  const mailbox = literal === undefined ? undefined : registry.find(literal);
  if (literal === undefined || mailbox) {
    return { opts: mailbox ? { ...opts, dependsOn: withDependency(opts?.dependsOn, mailbox.resource) } : opts, registered: () => {} };
  }
  return { opts, registered: (resource) => registry.remember({ kind, resourceName, literal, resource }) };
}

/** The user's dependsOn, as given, and the mailbox. */
function withDependency(given: pulumi.CustomResourceOptions["dependsOn"], mailbox: pulumi.Resource): pulumi.CustomResourceOptions["dependsOn"] {
  if (given === undefined) return [mailbox];
  if (Array.isArray(given)) return [...given, mailbox];
  // A promise or output of a list: the SDK gathers dependsOn through any nesting, its type does not say so.
  return [given as pulumi.Input<pulumi.Resource>, mailbox];
}
