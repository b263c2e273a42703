// Start-up configuration: what an operator gets by default, what is refused, and that the refusal says which
// settings to fix without repeating a secret.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadEnv } from "./env";

const GOOD_SECRET = "s3cr3t-value-that-is-long-enough-for-auth-0123456789";

function load(vars: Record<string, string>) {
  return loadEnv(vars as NodeJS.ProcessEnv);
}

function refusal(vars: Record<string, string>): string {
  try {
    load(vars);
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    return (error as Error).message;
  }
  throw new Error(`accepted: ${JSON.stringify(Object.keys(vars))}`);
}

describe("defaults", () => {
  it("runs the embedded database under .data with demo mode off", () => {
    const env = load({});
    expect(env).toMatchObject({
      NODE_ENV: "development",
      DATA_DIR: ".data",
      PGLITE_DIR: path.join(".data", "pglite"),
      DEMO_MODE: false,
      AUTH_URL: "http://localhost:3000",
      OIDC_DISPLAY_NAME: "Single sign-on",
      OIDC_ROLES_CLAIM: "groups",
      LOGIN_MAX_FAILURES: 5,
      LOGIN_LOCKOUT_MINUTES: 15,
      LOGIN_ATTEMPTS_PER_MINUTE_PER_IP: 30,
      FRESH_AUTH_MAX_AGE_SECONDS: 300,
    });
    expect(env.OIDC_ROLE_MAP).toEqual(new Map());
    expect([env.DATABASE_URL, env.AUTH_SECRET, env.OIDC_ISSUER, env.OIDC_CLIENT_ID]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it("puts the embedded database under DATA_DIR unless PGLITE_DIR says otherwise", () => {
    expect(load({ DATA_DIR: "/var/lib/portal" }).PGLITE_DIR).toBe(path.join("/var/lib/portal", "pglite"));
    expect(load({ DATA_DIR: "/var/lib/portal", PGLITE_DIR: "/srv/pg" }).PGLITE_DIR).toBe("/srv/pg");
  });

  it.each([
    ["1", true],
    ["true", true],
    ["yes", true],
    ["0", false],
    ["false", false],
    ["no", false],
  ])("PORTAL_DEMO=%s turns demo mode %s", (value, expected) => {
    expect(load({ PORTAL_DEMO: value }).DEMO_MODE).toBe(expected);
  });

  it("reads numbers from their text", () => {
    expect(load({ LOGIN_MAX_FAILURES: "8", FRESH_AUTH_MAX_AGE_SECONDS: "60" })).toMatchObject({
      LOGIN_MAX_FAILURES: 8,
      FRESH_AUTH_MAX_AGE_SECONDS: 60,
    });
  });
});

describe("an empty setting counts as unset", () => {
  it("gives the same configuration as no settings at all", () => {
    const blank = Object.fromEntries(
      [
        "NODE_ENV",
        "DATABASE_URL",
        "DATA_DIR",
        "PGLITE_DIR",
        "PORTAL_DEMO",
        "AUTH_SECRET",
        "AUTH_URL",
        "OIDC_ISSUER",
        "OIDC_CLIENT_ID",
        "OIDC_CLIENT_SECRET",
        "OIDC_DISPLAY_NAME",
        "OIDC_ROLES_CLAIM",
        "OIDC_ROLE_MAP",
        "LOGIN_MAX_FAILURES",
        "LOGIN_LOCKOUT_MINUTES",
        "LOGIN_ATTEMPTS_PER_MINUTE_PER_IP",
        "FRESH_AUTH_MAX_AGE_SECONDS",
      ].map((name) => [name, ""]),
    );
    expect(load(blank)).toEqual(load({}));
  });
});

describe("DATABASE_URL", () => {
  it.each(["postgresql://portal@db.internal:5432/portal", "postgres://portal@db.internal/portal"])(
    "accepts %s",
    (url) => {
      expect(load({ DATABASE_URL: url }).DATABASE_URL).toBe(url);
    },
  );

  it.each(["mysql://portal@db.internal/portal", "db.internal:5432/portal", "file:./dev.db"])(
    "refuses %s, naming the setting",
    (url) => {
      expect(refusal({ DATABASE_URL: url })).toMatch(
        /DATABASE_URL: DATABASE_URL must be a postgresql:\/\/ URL/,
      );
    },
  );
});

describe("single sign-on", () => {
  const issuer = "https://idp.example.test/realms/portal";

  it("accepts an issuer with its client id and secret", () => {
    expect(
      load({ OIDC_ISSUER: issuer, OIDC_CLIENT_ID: "portal", OIDC_CLIENT_SECRET: "client-secret-1" }),
    ).toMatchObject({ OIDC_ISSUER: issuer, OIDC_CLIENT_ID: "portal", OIDC_CLIENT_SECRET: "client-secret-1" });
  });

  it.each([
    ["neither", {}],
    ["no secret", { OIDC_CLIENT_ID: "portal" }],
    ["no client id", { OIDC_CLIENT_SECRET: "client-secret-2" }],
  ])("refuses an issuer with %s, naming what is missing", (_case, client) => {
    const message = refusal({ OIDC_ISSUER: issuer, ...client });
    expect(message).toContain("OIDC_ISSUER needs OIDC_CLIENT_ID and OIDC_CLIENT_SECRET");
    expect(message).not.toContain("client-secret-2");
  });

  it("refuses an issuer that is not a URL", () => {
    const message = refusal({
      OIDC_ISSUER: "idp.example.test",
      OIDC_CLIENT_ID: "portal",
      OIDC_CLIENT_SECRET: "client-secret-3",
    });
    expect(message).toMatch(/^\s*OIDC_ISSUER: /m);
    expect(message).not.toContain("client-secret-3");
  });

  it("maps identity-provider groups to roles", () => {
    const { OIDC_ROLE_MAP } = load({ OIDC_ROLE_MAP: "a=ADMIN,b=AUDITOR;RELEASE_ENGINEER" });
    expect(OIDC_ROLE_MAP).toEqual(
      new Map([
        ["a", ["ADMIN"]],
        ["b", ["AUDITOR", "RELEASE_ENGINEER"]],
      ]),
    );
  });

  it("tolerates spaces and | between roles", () => {
    const { OIDC_ROLE_MAP } = load({
      OIDC_ROLE_MAP: " portal-admins = ADMIN , sec = SECURITY_OFFICER | INCIDENT_RESPONDER ,",
    });
    expect(OIDC_ROLE_MAP).toEqual(
      new Map([
        ["portal-admins", ["ADMIN"]],
        ["sec", ["SECURITY_OFFICER", "INCIDENT_RESPONDER"]],
      ]),
    );
  });

  it("refuses an unknown role, naming the entry and the role", () => {
    const message = refusal({ OIDC_ROLE_MAP: "a=ADMIN,b=AUDITOR;SUPERUSER" });
    expect(message).toContain('OIDC_ROLE_MAP entry "b=AUDITOR;SUPERUSER"');
    expect(message).toContain("unknown: SUPERUSER");
  });

  it.each(["ops=", "=ADMIN", "ops"])("refuses the malformed entry %s, naming it", (entry) => {
    expect(refusal({ OIDC_ROLE_MAP: `a=ADMIN,${entry}` })).toContain(`OIDC_ROLE_MAP entry "${entry}"`);
  });
});

describe("AUTH_SECRET", () => {
  it("is optional in development and required in production", () => {
    expect(load({ NODE_ENV: "development" }).AUTH_SECRET).toBeUndefined();
    expect(refusal({ NODE_ENV: "production" })).toMatch(/^\s*AUTH_SECRET: AUTH_SECRET is required/m);
    expect(load({ NODE_ENV: "production", AUTH_SECRET: GOOD_SECRET }).AUTH_SECRET).toBe(GOOD_SECRET);
  });

  it("must be at least 32 characters, and the refusal does not repeat it", () => {
    const short = "x7-short-but-secret-0123456789a";
    expect(short).toHaveLength(31);
    const message = refusal({ NODE_ENV: "production", AUTH_SECRET: short });
    expect(message).toContain("AUTH_SECRET must be at least 32 characters");
    expect(message).not.toContain(short);
    expect(load({ AUTH_SECRET: `${short}b` }).AUTH_SECRET).toBe(`${short}b`);
  });
});

describe("a refused configuration", () => {
  it("lists every offending setting, one per line, and none of the secrets given", () => {
    const message = refusal({
      DATABASE_URL: "mysql://root:hunter2-db-password@db/portal",
      AUTH_SECRET: "too-short-secret",
      OIDC_ROLE_MAP: "ops=ROOT",
      LOGIN_MAX_FAILURES: "0",
      PORTAL_DEMO: "maybe",
      OIDC_CLIENT_SECRET: "client-secret-4",
    });
    const lines = message.split("\n");
    expect(lines[0]).toBe("Invalid configuration:");
    expect(lines.slice(1).map((line) => line.trim().split(":")[0])).toEqual(
      expect.arrayContaining([
        "DATABASE_URL",
        "AUTH_SECRET",
        "OIDC_ROLE_MAP",
        "LOGIN_MAX_FAILURES",
        "PORTAL_DEMO",
      ]),
    );
    for (const secret of ["too-short-secret", "hunter2-db-password", "client-secret-4"]) {
      expect(message).not.toContain(secret);
    }
  });
});

describe("signing key-encryption key", () => {
  const kek = Buffer.alloc(32, 7);
  it("takes 32 bytes as base64 or hex", () => {
    expect(load({ SIGNING_KEK: kek.toString("base64") }).SIGNING_KEK).toBe(kek.toString("base64"));
    expect(load({ SIGNING_KEK: kek.toString("hex") }).SIGNING_KEK).toBe(kek.toString("hex"));
    expect(load({ SIGNING_KEK_FILE: "/run/secrets/kek" }).SIGNING_KEK_FILE).toBe("/run/secrets/kek");
  });
  it("refuses a short or non-key value without repeating it, and both forms at once", () => {
    const message = refusal({ SIGNING_KEK: "hunter2-hunter2" });
    expect(message).toMatch(/SIGNING_KEK: SIGNING_KEK must be 32 bytes, base64 or hex/);
    expect(message).not.toMatch(/hunter2/);
    expect(refusal({ SIGNING_KEK: kek.toString("base64"), SIGNING_KEK_FILE: "/k" })).toMatch(
      /set SIGNING_KEK or SIGNING_KEK_FILE, not both/,
    );
  });
});

describe("release webhook and uploads", () => {
  it("needs a secret of at least 16 characters with the webhook URL, and caps uploads at 4 GiB by default", () => {
    expect(load({}).RELEASE_UPLOAD_MAX_MB).toBe(4096);
    expect(load({ RELEASE_UPLOAD_MAX_MB: "50" }).RELEASE_UPLOAD_MAX_MB).toBe(50);
    expect(refusal({ RELEASE_WEBHOOK_URL: "https://hooks.example.test/releases" })).toMatch(
      /RELEASE_WEBHOOK_SECRET: RELEASE_WEBHOOK_URL needs RELEASE_WEBHOOK_SECRET/,
    );
    const short = refusal({
      RELEASE_WEBHOOK_URL: "https://hooks.example.test/r",
      RELEASE_WEBHOOK_SECRET: "tiny-secret",
    });
    expect(short).toMatch(/at least 16 characters/);
    expect(short).not.toContain("tiny-secret");
    expect(
      load({
        RELEASE_WEBHOOK_URL: "https://hooks.example.test/r",
        RELEASE_WEBHOOK_SECRET: "a-secret-of-16-chars",
      }).RELEASE_WEBHOOK_URL,
    ).toBe("https://hooks.example.test/r");
  });
});
