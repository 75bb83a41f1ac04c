import type { ErrorCode } from "pulumi-mailbox/schemas/common";

/** HTTP status of each stable error code. */
export const STATUS_OF: Record<ErrorCode, number> = {
  Unauthorized: 401,
  Forbidden: 403,
  ValidationFailed: 400,
  NotFound: 404,
  AddressInUse: 409,
  NameInUse: 409,
  AliasInUse: 409,
  AmbiguousIdentity: 409,
  RecipientTypeNotAllowed: 400,
  ExternalTrustee: 400,
  AutoMappingForGroup: 400,
  GrantExists: 409,
  TooManyPermissionEntries: 409,
  QuotaNeedsLicence: 400,
  SignInNotAllowed: 400,
  AutoReplyInvalid: 400,
  ForwardingInvalid: 400,
  NotSharedMailbox: 400,
  NotDeleted: 409,
  Throttled: 429,
  Unavailable: 503,
  InternalError: 500,
};

/** A refusal of the tenant: answered as an ApiError body with a stable code; changes nothing. */
export class ApiFailure extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string,
    status?: number,
  ) {
    super(message);
    this.name = "ApiFailure";
    this.status = status ?? STATUS_OF[code];
  }

  body(): { error: { code: string; message: string; field?: string } } {
    return { error: { code: this.code, message: this.message, ...(this.field !== undefined ? { field: this.field } : {}) } };
  }
}

/** Thrown inside a write transaction when the "die" fault asks the tenant to stop before commit. */
export class DieSignal extends Error {
  constructor() {
    super("the tenant was asked to die in the middle of this request (fault injection)");
    this.name = "DieSignal";
  }
}

/**
 * The tenant cannot start with what it was given (a seed, tokens, a token file, a port): a
 * mistake of the operator, reported as one line by the CLI, not as a bug.
 */
export class StartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StartError";
  }
}
