import { describe, expect, it } from "vitest";
import type { Role } from "../authz/permissions";
import { rolesFromClaims } from "./oidc-roles";

const roleMap = new Map<string, Role[]>([
  ["release-engineers", ["RELEASE_ENGINEER"]],
  ["security-officers", ["SECURITY_OFFICER"]],
  ["portal-admins", ["ADMIN", "AUDITOR"]],
  ["Incident Response", ["INCIDENT_RESPONDER"]],
]);

describe("rolesFromClaims", () => {
  it("maps an array of groups, ignoring groups that are not in the map", () => {
    expect(
      rolesFromClaims({ groups: ["release-engineers", "everyone", "security-officers"] }, "groups", roleMap),
    ).toEqual(["RELEASE_ENGINEER", "SECURITY_OFFICER"]);
  });

  it("maps a single group given as a string", () => {
    expect(rolesFromClaims({ groups: "security-officers" }, "groups", roleMap)).toEqual(["SECURITY_OFFICER"]);
  });

  it("maps space-separated groups given as one string", () => {
    expect(rolesFromClaims({ groups: "release-engineers  security-officers" }, "groups", roleMap)).toEqual([
      "RELEASE_ENGINEER",
      "SECURITY_OFFICER",
    ]);
  });

  it("keeps a group whose name contains spaces when it is the whole string", () => {
    expect(rolesFromClaims({ groups: "Incident Response" }, "groups", roleMap)).toEqual([
      "INCIDENT_RESPONDER",
    ]);
  });

  it("merges roles from several groups without duplicates, in the portal's role order", () => {
    expect(
      rolesFromClaims({ groups: ["portal-admins", "release-engineers", "portal-admins"] }, "groups", roleMap),
    ).toEqual(["RELEASE_ENGINEER", "AUDITOR", "ADMIN"]);
  });

  it("grants nothing when the claim is missing, empty or of another type", () => {
    expect(rolesFromClaims({}, "groups", roleMap)).toEqual([]);
    expect(rolesFromClaims({ groups: [] }, "groups", roleMap)).toEqual([]);
    expect(rolesFromClaims({ groups: "" }, "groups", roleMap)).toEqual([]);
    expect(rolesFromClaims({ groups: 42 }, "groups", roleMap)).toEqual([]);
    expect(rolesFromClaims({ groups: { "release-engineers": true } }, "groups", roleMap)).toEqual([]);
    expect(rolesFromClaims({ groups: [null, 7, ["release-engineers"]] }, "groups", roleMap)).toEqual([]);
  });

  it("reads the configured claim name, not a fixed one", () => {
    const claims = { groups: ["release-engineers"], roles: ["security-officers"] };
    expect(rolesFromClaims(claims, "roles", roleMap)).toEqual(["SECURITY_OFFICER"]);
  });

  it("follows a dotted path into nested claims (Keycloak's realm_access.roles)", () => {
    const claims = { realm_access: { roles: ["portal-admins"] } };
    expect(rolesFromClaims(claims, "realm_access.roles", roleMap)).toEqual(["AUDITOR", "ADMIN"]);
    expect(rolesFromClaims({ realm_access: ["portal-admins"] }, "realm_access.roles", roleMap)).toEqual([]);
  });

  it("prefers a top-level claim whose name contains a dot", () => {
    const claims = { "app.groups": ["security-officers"], app: { groups: ["release-engineers"] } };
    expect(rolesFromClaims(claims, "app.groups", roleMap)).toEqual(["SECURITY_OFFICER"]);
  });

  it("matches group names exactly (case and surrounding text matter)", () => {
    expect(
      rolesFromClaims({ groups: ["Release-Engineers", "release-engineers-old"] }, "groups", roleMap),
    ).toEqual([]);
  });

  it("grants nothing with an empty role map", () => {
    expect(rolesFromClaims({ groups: ["release-engineers"] }, "groups", new Map())).toEqual([]);
  });
});
