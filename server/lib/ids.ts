import { randomBytes } from "node:crypto";

/** Short, URL-safe request ids that a user can read out to support ("req_3fK9..."). */
export function newRequestId(): string {
  return `req_${randomBytes(9).toString("base64url")}`;
}
