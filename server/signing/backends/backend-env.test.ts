// Settings of the HSM and cloud key backends: validated with the rest of the configuration at start-up, and
// turned into each backend's configuration (the PKCS#11 PIN and the Vault token can come from files).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadEnv } from "@/server/env";
import { awsKmsBackendFromEnv } from "./aws-kms";
import { gcpKmsBackendFromEnv } from "./gcp-kms";
import { pkcs11ConfigFromEnv } from "./pkcs11";
import { vaultTransitBackendFromEnv } from "./vault-transit";

const load = (vars: Record<string, string>) => loadEnv(vars as NodeJS.ProcessEnv);
const refusal = (vars: Record<string, string>) => {
  try {
    load(vars);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("accepted");
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "portal-backend-env-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("signing backend settings", () => {
  it("are all optional", () => {
    expect(load({})).toMatchObject({ PKCS11_MAX_SESSIONS: 4, VAULT_TRANSIT_MOUNT: "transit" });
  });

  it("PKCS#11 needs a token label and exactly one of PIN and PIN file, and never repeats the PIN", () => {
    const module = "/usr/lib/softhsm/libsofthsm2.so";
    expect(refusal({ PKCS11_MODULE: module, PKCS11_PIN: "secret-pin" })).toMatch(
      /PKCS11_TOKEN_LABEL: PKCS11_MODULE needs PKCS11_TOKEN_LABEL/,
    );
    const both = refusal({
      PKCS11_MODULE: module,
      PKCS11_TOKEN_LABEL: "portal",
      PKCS11_PIN: "secret-pin",
      PKCS11_PIN_FILE: "/run/secrets/pin",
    });
    expect(both).toMatch(/exactly one of PKCS11_PIN and PKCS11_PIN_FILE/);
    expect(both).not.toContain("secret-pin");
    expect(refusal({ PKCS11_TOKEN_LABEL: "x".repeat(33) })).toMatch(/at most 32 characters/);
    expect(refusal({ PKCS11_MAX_SESSIONS: "0" })).toMatch(/PKCS11_MAX_SESSIONS/);
  });

  it("reads the PKCS#11 PIN from its file, without the trailing newline", () => {
    const pinFile = path.join(dir, "pin");
    fs.writeFileSync(pinFile, "1234-user\n");
    const config = pkcs11ConfigFromEnv(
      load({
        PKCS11_MODULE: "/lib/x.so",
        PKCS11_TOKEN_LABEL: "portal",
        PKCS11_PIN_FILE: pinFile,
        PKCS11_MAX_SESSIONS: "8",
      }),
    );
    expect(config).toEqual({
      modulePath: "/lib/x.so",
      tokenLabel: "portal",
      pin: "1234-user",
      maxSessions: 8,
    });
    expect(() =>
      pkcs11ConfigFromEnv(
        load({ PKCS11_MODULE: "/lib/x.so", PKCS11_TOKEN_LABEL: "p", PKCS11_PIN_FILE: "/nope" }),
      ),
    ).toThrow(/pkcs11: cannot read PKCS11_PIN_FILE \/nope/);
    expect(() => pkcs11ConfigFromEnv(load({}))).toThrow(/set PKCS11_MODULE and PKCS11_TOKEN_LABEL/);
  });

  it("GCP needs project, location and key ring together", () => {
    expect(refusal({ GCP_KMS_PROJECT: "p" })).toMatch(
      /GCP_KMS_PROJECT, GCP_KMS_LOCATION and GCP_KMS_KEY_RING go together/,
    );
    expect(refusal({ GCP_KMS_PROTECTION_LEVEL: "EXTERNAL" })).toMatch(/GCP_KMS_PROTECTION_LEVEL/);
    expect(() => gcpKmsBackendFromEnv(load({}))).toThrow(/set GCP_KMS_PROJECT/);
    expect(
      gcpKmsBackendFromEnv(load({ GCP_KMS_PROJECT: "p", GCP_KMS_LOCATION: "l", GCP_KMS_KEY_RING: "r" })).kind,
    ).toBe("gcp-kms");
  });

  it("Vault needs an address that is a URL and exactly one of token and token file", () => {
    expect(refusal({ VAULT_ADDR: "https://vault:8200" })).toMatch(
      /VAULT_ADDR needs exactly one of VAULT_TOKEN/,
    );
    expect(refusal({ VAULT_ADDR: "vault:8200", VAULT_TOKEN: "t" })).toMatch(/VAULT_ADDR/);
    expect(refusal({ VAULT_TRANSIT_MOUNT: "../sys" })).toMatch(/VAULT_TRANSIT_MOUNT/);
    expect(() => vaultTransitBackendFromEnv(load({}))).toThrow(/set VAULT_ADDR/);
    expect(
      vaultTransitBackendFromEnv(load({ VAULT_ADDR: "https://vault:8200", VAULT_TOKEN: "t" })).kind,
    ).toBe("vault-transit");
  });

  it("AWS takes an optional region and endpoint URL", () => {
    expect(refusal({ AWS_KMS_ENDPOINT: "not a url" })).toMatch(/AWS_KMS_ENDPOINT/);
    expect(awsKmsBackendFromEnv(load({ AWS_KMS_REGION: "eu-west-1" })).kind).toBe("aws-kms");
  });
});
