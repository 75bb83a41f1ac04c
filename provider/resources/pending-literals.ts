import { foldIdentity } from "../../schemas/common";
import { plainAddress, type IdentifiedRecipient } from "../../schemas/directory-rules";

/**
 * The literal references of a program that named no SharedMailbox declared before them, by every
 * key a mailbox declared later could match them on (program-mailboxes.ts): an id, an address, a
 * name or alias, the local part of a derived address. Each declaration then looks only at the
 * literals that may name it instead of at all of them: a program that names many mailboxes of the
 * tenant by literal and declares many of its own would otherwise compare every pair. The caller
 * still applies the exact rule to what this returns; the keys only must not miss one.
 */
export class PendingLiterals<T extends { literal: string }> {
  private readonly byKey = new Map<string, Set<T>>();
  /** Each pending reference's keys, and its place in the order remembered. */
  private readonly entries = new Map<T, { keys: string[]; order: number }>();
  private remembered = 0;

  add(ref: T): void {
    const raw = ref.literal.trim();
    const address = plainAddress(raw);
    const at = address.lastIndexOf("@");
    // The keys identityIndex and DerivedAddresses compare a literal by.
    const keys = [`id:${raw}`, `id:${raw.toLowerCase()}`, `name:${foldIdentity(raw)}`];
    if (address.includes("@")) keys.push(`address:${foldIdentity(address)}`);
    if (at > 0) keys.push(`local:${foldIdentity(address.slice(0, at))}`);
    this.entries.set(ref, { keys, order: this.remembered++ });
    for (const key of keys) {
      const refs = this.byKey.get(key) ?? new Set<T>();
      this.byKey.set(key, refs.add(ref));
    }
  }

  /** The pending references that may name a mailbox declared with this identity, in the order remembered. */
  candidates(mailbox: IdentifiedRecipient): T[] {
    const keys = [
      `id:${mailbox.id}`,
      `name:${foldIdentity(mailbox.name)}`,
      `name:${foldIdentity(mailbox.alias)}`,
      ...(mailbox.alias === "" ? [] : [`local:${foldIdentity(mailbox.alias)}`]),
      ...mailbox.emailAddresses.map((a) => `address:${foldIdentity(plainAddress(a))}`),
    ];
    const found = new Set<T>();
    for (const key of keys) for (const ref of this.byKey.get(key) ?? []) found.add(ref);
    return [...found].sort((a, b) => this.entries.get(a)!.order - this.entries.get(b)!.order);
  }

  delete(ref: T): void {
    for (const key of this.entries.get(ref)?.keys ?? []) {
      const refs = this.byKey.get(key);
      refs?.delete(ref);
      if (refs?.size === 0) this.byKey.delete(key);
    }
    this.entries.delete(ref);
  }
}
