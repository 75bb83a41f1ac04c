import { ExponentialBackoff, IBackoff, IBackoffFactory, IRetryBackoffContext } from "cockatiel";
import { TenantError } from "./errors";

/** The longest Retry-After we honour before giving up on waiting politely. */
const MAX_RETRY_AFTER_MS = 60_000;

/**
 * Exponential backoff with decorrelated jitter (cockatiel's default generator), except that a
 * throttled answer waits what the tenant's Retry-After asks (plus a little jitter, so parallel
 * clients do not return in lockstep).
 */
export class RetryAfterBackoff implements IBackoffFactory<IRetryBackoffContext<unknown>> {
  constructor(
    private readonly exponential: IBackoffFactory<unknown> = new ExponentialBackoff({ initialDelay: 100, maxDelay: 5_000 }),
    private readonly current?: IBackoff<unknown>,
  ) {}

  next(context: IRetryBackoffContext<unknown>): IBackoff<IRetryBackoffContext<unknown>> {
    const error = "error" in context.result ? context.result.error : undefined;
    const step = this.current ? this.current.next(context) : this.exponential.next(context);
    const retryAfter = error instanceof TenantError ? error.retryAfterMs : undefined;
    const duration =
      retryAfter !== undefined ? Math.min(retryAfter, MAX_RETRY_AFTER_MS) + Math.floor(Math.random() * 100) : step.duration;
    const following = new RetryAfterBackoff(this.exponential, step);
    return { duration, next: (ctx) => following.next(ctx) };
  }
}
