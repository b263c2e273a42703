// What an API token looks like. 32 random bytes behind a recognisable prefix, so secret scanners and people can
// tell a leaked portal token from other strings; only its SHA-256 is stored.
import { createHash, randomBytes } from "node:crypto";

export const TOKEN_PREFIX = "rgp_";
const TOKEN_PATTERN = /^rgp_[A-Za-z0-9_-]{43}$/;
/** How much of the token is stored in clear and shown in lists: enough to recognise it, useless to use it. */
const DISPLAY_PREFIX_LENGTH = TOKEN_PREFIX.length + 6;

export function generateToken(): { token: string; prefix: string; tokenHash: string } {
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  return { token, prefix: token.slice(0, DISPLAY_PREFIX_LENGTH), tokenHash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export function looksLikeToken(text: string): boolean {
  return TOKEN_PATTERN.test(text);
}
