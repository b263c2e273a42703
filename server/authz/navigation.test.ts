// Which sections each role sees in the shell. Written out by hand, so a change to the matrix or the sections
// that alters what someone sees fails here and is noticed.
import { describe, expect, it } from "vitest";
import { type ExtraGrant, effectivePermissions } from "./effective-permissions";
import { NAV_SECTIONS, visibleSections } from "./navigation";
import { ROLES, type Role } from "./permissions";

const now = new Date("2026-11-22T09:00:00.000Z");

const expected: Record<Role, string[]> = {
  RELEASE_ENGINEER: [
    "Releases",
    "Policies",
    "Compliance",
    "Break-glass",
    "Evidence",
    "Continuity",
    "Audit",
    "Keys",
  ],
  SECURITY_OFFICER: [
    "Releases",
    "Policies",
    "Compliance",
    "Break-glass",
    "Evidence",
    "Continuity",
    "Audit",
    "Keys",
    "Admin",
  ],
  AUDITOR: [
    "Releases",
    "Policies",
    "Compliance",
    "Break-glass",
    "Evidence",
    "Continuity",
    "Audit",
    "Keys",
    "Admin",
  ],
  INCIDENT_RESPONDER: ["Releases", "Break-glass", "Evidence", "Continuity", "Keys"],
  ADMIN: ["Releases", "Policies", "Compliance", "Evidence", "Continuity", "Audit", "Keys", "Admin"],
};

function labelsFor(roles: Role[], extraGrants: ExtraGrant[] = []) {
  return visibleSections(effectivePermissions({ userId: "u1", roles, extraGrants }, now)).map(
    (section) => section.label,
  );
}

describe("sections by role", () => {
  it("covers every role", () => {
    expect(Object.keys(expected).sort()).toEqual([...ROLES].sort());
  });

  it.each(ROLES.map((role) => [role, expected[role]] as const))("%s sees %j", (role, labels) => {
    expect(labelsFor([role])).toEqual(labels);
  });

  it("someone with no role sees nothing", () => {
    expect(labelsFor([])).toEqual([]);
  });

  it("several roles see the union, in the shell's order", () => {
    expect(labelsFor(["INCIDENT_RESPONDER", "ADMIN"])).toEqual([
      "Releases",
      "Policies",
      "Compliance",
      "Break-glass",
      "Evidence",
      "Continuity",
      "Audit",
      "Keys",
      "Admin",
    ]);
  });

  it("an active break-glass grant shows its section until it expires, and not after", () => {
    const grant: ExtraGrant = {
      permission: "audit:read",
      expiresAt: new Date(now.getTime() + 1),
      source: { kind: "break-glass", sessionId: "bg-1" },
    };
    expect(labelsFor(["INCIDENT_RESPONDER"], [grant])).toEqual([
      "Releases",
      "Break-glass",
      "Evidence",
      "Continuity",
      "Audit",
      "Keys",
    ]);
    expect(labelsFor(["INCIDENT_RESPONDER"], [{ ...grant, expiresAt: now }])).toEqual(
      expected.INCIDENT_RESPONDER,
    );
  });

  it("links each section to its own page (continuity reports live under /reports)", () => {
    expect(NAV_SECTIONS.map((section) => [section.label, section.href])).toEqual([
      ["Releases", "/releases"],
      ["Policies", "/policies"],
      ["Compliance", "/compliance"],
      ["Break-glass", "/break-glass"],
      ["Evidence", "/evidence"],
      ["Continuity", "/reports/continuity"],
      ["Audit", "/audit"],
      ["Keys", "/keys"],
      ["Admin", "/admin"],
    ]);
  });
});
