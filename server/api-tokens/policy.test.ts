import { describe, expect, it } from "vitest";
import { API_TOKEN_SCOPES, tokenAllows, tokenStateOf } from "./policy";

const now = new Date("2026-11-22T10:00:00Z");
const base = { scopes: ["release:register"], expiresAt: null, revokedAt: null };

describe("API token policy", () => {
  it("never offers people-only permissions to machines", () => {
    for (const forbidden of [
      "promotion:approve",
      "admin:users",
      "admin:api-tokens",
      "key:use",
      "key:manage",
    ]) {
      expect(API_TOKEN_SCOPES as readonly string[]).not.toContain(forbidden);
    }
  });

  it("allows a scope only while the token is active", () => {
    expect(tokenAllows(base, "release:register", now)).toBe(true);
    expect(tokenAllows(base, "release:read", now)).toBe(false);
    expect(tokenAllows({ ...base, revokedAt: new Date(now.getTime() - 1) }, "release:register", now)).toBe(
      false,
    );
    expect(tokenAllows({ ...base, expiresAt: now }, "release:register", now)).toBe(false);
    expect(tokenAllows({ ...base, expiresAt: new Date(now.getTime() + 1) }, "release:register", now)).toBe(
      true,
    );
  });

  it("reports revoked before expired", () => {
    expect(tokenStateOf({ expiresAt: new Date(0), revokedAt: new Date(0) }, now)).toBe("revoked");
    expect(tokenStateOf({ expiresAt: new Date(0), revokedAt: null }, now)).toBe("expired");
    expect(tokenStateOf({ expiresAt: null, revokedAt: null }, now)).toBe("active");
  });
});
