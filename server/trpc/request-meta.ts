import { newRequestId } from "../lib/ids";
import type { RequestMeta } from "./context";

/** Request id, client address and user agent, for logs and audit events. */
export function requestMetaOf(headers: Headers): RequestMeta {
  // Behind a proxy the client is the first address of X-Forwarded-For; deployments must let only their proxy
  // set it (documented in the README).
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  const requestId = headers.get("x-request-id");
  return {
    requestId: requestId && /^[\w.-]{6,64}$/.test(requestId) ? requestId : newRequestId(),
    ip: forwarded || headers.get("x-real-ip") || null,
    userAgent: headers.get("user-agent")?.slice(0, 400) ?? null,
  };
}
