// The one error type the signing backends throw. `reason` tells an operator where to look (configuration,
// credentials, a missing key or token, the provider itself, or a response that failed an integrity check); the
// message names the backend, the key or token and the provider's own error code, and never a secret, so it can be
// shown as it is. It is a DomainError (PRECONDITION_FAILED): the portal cannot sign or create keys until someone
// fixes the backend, which is not the caller's mistake.
import { DomainError } from "../../lib/domain-error";
import type { BackendKind } from "../signer";

export type SigningBackendErrorReason =
  | "configuration"
  | "authentication"
  | "not-found"
  | "provider"
  | "integrity"
  | "bad-ref";

export class SigningBackendError extends DomainError {
  constructor(
    readonly backend: BackendKind,
    readonly reason: SigningBackendErrorReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super("PRECONDITION_FAILED", `${backend}: ${message}`, { backend, reason });
    if (options && "cause" in options) this.cause = options.cause;
  }
}
