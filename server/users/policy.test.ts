// The account rules alone: named cases for each refusal, then properties over every combination of accounts,
// actors and role sets (fast-check), so lock-out prevention holds for inputs nobody thought to write down.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ROLES, type Role } from "../authz/permissions";
import {
  type AccountFacts,
  checkRoles,
  decideDisable,
  decidePasswordReset,
  decideRoleChange,
  sameRoles,
} from "./policy";

function account(id: string, roles: Role[], extra: Partial<AccountFacts> = {}): AccountFacts {
  return { id, roles, disabled: false, ssoLinked: false, hasPassword: true, ...extra };
}

const twoAdmins = { activeAdmins: 2 };
const oneAdmin = { activeAdmins: 1 };

describe("checkRoles", () => {
  it("keeps known roles once each, in the matrix's order", () => {
    expect(checkRoles(["ADMIN", "AUDITOR", "ADMIN"])).toEqual({ roles: ["AUDITOR", "ADMIN"] });
  });
  it("refuses unknown roles, naming them and the known ones", () => {
    const result = checkRoles(["AUDITOR", "ROOT", "admin"]);
    expect(result).toMatchObject({ reason: "unknown_role" });
    expect("message" in result && result.message).toMatch(/ROOT, admin.*RELEASE_ENGINEER/);
  });
  it("refuses an empty list", () => {
    expect(checkRoles([])).toMatchObject({ reason: "no_role" });
  });
});

describe("decideRoleChange", () => {
  const admin = account("a1", ["ADMIN"]);
  it("lets an administrator change another account's roles", () => {
    const target = account("u1", ["AUDITOR"]);
    expect(
      decideRoleChange({ actor: { id: "a1" }, target, nextRoles: ["RELEASE_ENGINEER"], census: oneAdmin }),
    ).toBeNull();
  });
  it("refuses removing one's own Administrator role, even with other administrators", () => {
    expect(
      decideRoleChange({ actor: { id: "a1" }, target: admin, nextRoles: ["AUDITOR"], census: twoAdmins }),
    ).toMatchObject({ reason: "self_demotion", message: expect.stringMatching(/your own Administrator/) });
  });
  it("lets administrators add roles to themselves while keeping Administrator", () => {
    expect(
      decideRoleChange({
        actor: { id: "a1" },
        target: admin,
        nextRoles: ["AUDITOR", "ADMIN"],
        census: oneAdmin,
      }),
    ).toBeNull();
  });
  it("refuses demoting the last active administrator", () => {
    expect(
      decideRoleChange({ actor: { id: null }, target: admin, nextRoles: ["AUDITOR"], census: oneAdmin }),
    ).toMatchObject({ reason: "last_admin" });
  });
  it("allows demoting an administrator when another active one remains", () => {
    expect(
      decideRoleChange({ actor: { id: "a2" }, target: admin, nextRoles: ["AUDITOR"], census: twoAdmins }),
    ).toBeNull();
  });
  it("allows demoting a disabled administrator: they are not the one keeping access", () => {
    const disabledAdmin = account("a3", ["ADMIN"], { disabled: true });
    expect(
      decideRoleChange({
        actor: { id: "a1" },
        target: disabledAdmin,
        nextRoles: ["AUDITOR"],
        census: oneAdmin,
      }),
    ).toBeNull();
  });
  it("refuses any change to an identity-provider account's roles, with where to change them", () => {
    const sso = account("s1", ["AUDITOR"], { ssoLinked: true, hasPassword: false });
    expect(
      decideRoleChange({ actor: { id: "a1" }, target: sso, nextRoles: ["ADMIN"], census: twoAdmins }),
    ).toMatchObject({ reason: "roles_from_idp", message: expect.stringMatching(/identity provider/) });
  });
  it("lets an unchanged role set through (a rename sends the roles along)", () => {
    const sso = account("s1", ["AUDITOR", "ADMIN"], { ssoLinked: true });
    expect(
      decideRoleChange({
        actor: { id: "s1" },
        target: sso,
        nextRoles: ["ADMIN", "AUDITOR"],
        census: oneAdmin,
      }),
    ).toBeNull();
  });
  it("refuses an empty role set", () => {
    expect(
      decideRoleChange({
        actor: { id: "a1" },
        target: account("u1", ["AUDITOR"]),
        nextRoles: [],
        census: oneAdmin,
      }),
    ).toMatchObject({ reason: "no_role" });
  });
});

describe("decideDisable", () => {
  it("refuses disabling oneself", () => {
    expect(
      decideDisable({ actor: { id: "a1" }, target: account("a1", ["ADMIN"]), census: twoAdmins }),
    ).toMatchObject({ reason: "self_disable" });
  });
  it("refuses disabling the last active administrator", () => {
    expect(
      decideDisable({ actor: { id: null }, target: account("a1", ["ADMIN"]), census: oneAdmin }),
    ).toMatchObject({ reason: "last_admin" });
  });
  it("allows disabling another account", () => {
    expect(
      decideDisable({ actor: { id: "a1" }, target: account("a2", ["ADMIN"]), census: twoAdmins }),
    ).toBeNull();
    expect(
      decideDisable({ actor: { id: "a1" }, target: account("u1", ["AUDITOR"]), census: oneAdmin }),
    ).toBeNull();
  });
  it("has nothing to refuse for an account that is already disabled", () => {
    const target = account("a1", ["ADMIN"], { disabled: true });
    expect(decideDisable({ actor: { id: "a1" }, target, census: oneAdmin })).toBeNull();
  });
});

describe("decidePasswordReset", () => {
  it("allows a local account with a password", () => {
    expect(decidePasswordReset({ target: account("u1", ["AUDITOR"]) })).toBeNull();
  });
  it("refuses identity-provider accounts and accounts without a password", () => {
    const sso = account("s1", ["AUDITOR"], { ssoLinked: true, hasPassword: false });
    const none = account("n1", ["AUDITOR"], { hasPassword: false });
    expect(decidePasswordReset({ target: sso })).toMatchObject({ reason: "no_password" });
    expect(decidePasswordReset({ target: none })).toMatchObject({ reason: "no_password" });
  });
});

// A small world of accounts: whatever the rules allow, at least one active administrator remains and no
// administrator has locked themselves out.
const arbRoles = fc.subarray([...ROLES]).map((roles) => roles as Role[]);
const arbWorld = fc
  .array(fc.record({ roles: arbRoles, disabled: fc.boolean(), ssoLinked: fc.boolean() }), {
    minLength: 1,
    maxLength: 5,
  })
  .map((rows) =>
    rows.map((row, index) => account(`u${index}`, row.roles, { ...row, hasPassword: !row.ssoLinked })),
  )
  .filter((accounts) => accounts.some((a) => !a.disabled && a.roles.includes("ADMIN")));

const activeAdmins = (accounts: AccountFacts[]) =>
  accounts.filter((a) => !a.disabled && a.roles.includes("ADMIN")).length;

const arbCase = arbWorld.chain((accounts) =>
  fc.record({
    accounts: fc.constant(accounts),
    target: fc.nat({ max: accounts.length - 1 }),
    // null is the console; otherwise an account of the world
    actor: fc.option(fc.nat({ max: accounts.length - 1 }), { nil: null }),
    nextRoles: arbRoles,
  }),
);

describe("properties", () => {
  it("a role change the rules allow never leaves zero active administrators, nor demotes the actor", () => {
    fc.assert(
      fc.property(arbCase, ({ accounts, target, actor, nextRoles }) => {
        const before = accounts[target] as AccountFacts;
        const actorId = actor === null ? null : `u${actor}`;
        const refusal = decideRoleChange({
          actor: { id: actorId },
          target: before,
          nextRoles,
          census: { activeAdmins: activeAdmins(accounts) },
        });
        if (refusal) return;
        const after = accounts.map((a, i) => (i === target ? { ...a, roles: nextRoles } : a));
        expect(activeAdmins(after)).toBeGreaterThanOrEqual(1);
        if (actorId === before.id && before.roles.includes("ADMIN")) expect(nextRoles).toContain("ADMIN");
        if (before.ssoLinked) expect(sameRoles(before.roles, nextRoles)).toBe(true);
      }),
    );
  });

  it("a disable the rules allow never leaves zero active administrators, nor disables the actor", () => {
    fc.assert(
      fc.property(arbCase, ({ accounts, target, actor }) => {
        const before = accounts[target] as AccountFacts;
        const actorId = actor === null ? null : `u${actor}`;
        const refusal = decideDisable({
          actor: { id: actorId },
          target: before,
          census: { activeAdmins: activeAdmins(accounts) },
        });
        if (refusal) return;
        const after = accounts.map((a, i) => (i === target ? { ...a, disabled: true } : a));
        expect(activeAdmins(after)).toBeGreaterThanOrEqual(1);
        if (!before.disabled) expect(actorId).not.toBe(before.id);
      }),
    );
  });
});
