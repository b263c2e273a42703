import { describe, expect, it } from "vitest";
import { can, effectivePermissions, grantUsedFor, type Principal } from "./effective-permissions";
import { ROLE_PERMISSIONS } from "./matrix";
import { ALL_PERMISSIONS, ROLES, type Role } from "./permissions";

const now = new Date("2026-11-22T10:00:00.000Z");
const principal = (roles: Role[], extraGrants: Principal["extraGrants"] = []): Principal => ({
  userId: "u1",
  roles,
  extraGrants,
});

describe("effectivePermissions", () => {
  it("is exactly the union of the roles' permissions", () => {
    const both = effectivePermissions(principal(["AUDITOR", "INCIDENT_RESPONDER"]), now);
    expect([...both].sort()).toEqual(
      [...new Set([...ROLE_PERMISSIONS.AUDITOR, ...ROLE_PERMISSIONS.INCIDENT_RESPONDER])].sort(),
    );
  });

  it("grants nothing to a principal with no roles, or with a role it does not know (fail closed)", () => {
    expect(effectivePermissions(principal([]), now).size).toBe(0);
    expect(can(principal(["ROOT" as Role]), "admin:users", now)).toBe(false);
    expect(can(null, "release:read", now)).toBe(false);
  });

  it("adds an extra grant until its expiry, and not one millisecond after", () => {
    const grant = {
      permission: "promotion:override-freeze" as const,
      expiresAt: new Date(now.getTime() + 60_000),
      source: { kind: "break-glass" as const, sessionId: "bg1" },
    };
    const p = principal(["RELEASE_ENGINEER"], [grant]);
    expect(can(p, "promotion:override-freeze", new Date(now.getTime() + 59_999))).toBe(true);
    expect(can(p, "promotion:override-freeze", grant.expiresAt)).toBe(false);
    expect(can(p, "promotion:override-freeze", new Date(grant.expiresAt.getTime() + 1))).toBe(false);
    expect(grantUsedFor(p, "promotion:override-freeze", now)).toBe(grant);
    // a permission the roles already give is not attributed to the grant
    expect(
      grantUsedFor(
        principal(["RELEASE_ENGINEER"], [{ ...grant, permission: "release:read" }]),
        "release:read",
        now,
      ),
    ).toBeUndefined();
  });
});

describe("the matrix", () => {
  it("only names known permissions and grants break-glass-only permissions to no role", () => {
    for (const role of ROLES) {
      for (const permission of ROLE_PERMISSIONS[role]) expect(ALL_PERMISSIONS).toContain(permission);
      expect(ROLE_PERMISSIONS[role]).not.toContain("promotion:override-freeze");
      expect(ROLE_PERMISSIONS[role]).not.toContain("key:use");
    }
  });

  it("keeps duties separate: admins cannot approve, auditors cannot change anything", () => {
    expect(ROLE_PERMISSIONS.ADMIN).not.toContain("promotion:approve");
    expect(ROLE_PERMISSIONS.AUDITOR.every((p) => p.endsWith(":read") || p.endsWith(":verify"))).toBe(true);
  });
});
