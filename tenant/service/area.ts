import type { Store } from "../store/store";
import type { AuditLog } from "./audit";
import type { Recipients } from "./recipients";

/** An area of the service that changes the tenant: it reads and writes the store, finds recipients and logs each change. */
export abstract class ServiceArea {
  constructor(
    protected readonly store: Store,
    protected readonly recipients: Recipients,
    protected readonly audit: AuditLog,
  ) {}
}
