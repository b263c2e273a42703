// The PKCS#11 backend against a real module: SoftHSM2, with tokens in a directory this file creates and deletes.
import { spawnSync } from "node:child_process";
import { randomBytes, verify } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { describeSigningBackendConformance } from "@/test/signing-backend-conformance";
import { createSoftHsm, describeWithSoftHsm, type SoftHsm } from "@/test/softhsm";
import { SigningBackendError } from "./backend-error";
import { createPkcs11Backend, type Pkcs11BackendConfig } from "./pkcs11";
import { closePkcs11, openPkcs11Token } from "./pkcs11-token";

const TOKEN = { label: "portal-test", pin: "1234-user" };
const OTHER = { label: "portal-other", pin: "5678-user" };

describeWithSoftHsm("PKCS#11 backend on SoftHSM2", () => {
  let hsm: SoftHsm;
  let config: Pkcs11BackendConfig;

  beforeAll(() => {
    hsm = createSoftHsm();
    hsm.initToken(TOKEN);
    hsm.initToken(OTHER);
    config = { modulePath: hsm.modulePath, tokenLabel: TOKEN.label, pin: TOKEN.pin, maxSessions: 3 };
  });

  afterAll(async () => {
    await closePkcs11();
    hsm?.cleanup();
  });

  describeSigningBackendConformance("pkcs11", () => createPkcs11Backend(config));

  describe("keys stay on the token", () => {
    it("generates a sensitive, never-extractable key pair on the token, labelled and persistent", async () => {
      const backend = createPkcs11Backend(config);
      const created = await backend.createKey({ label: "release-2026" });
      const ref = JSON.parse(created.ref) as { tokenLabel: string; id: string };
      expect(ref).toEqual({ tokenLabel: TOKEN.label, id: expect.stringMatching(/^[0-9a-f]{32}$/) });

      const token = await openPkcs11Token(config);
      const k = token.pkcs11;
      const attributes = await token.withSession((session) => {
        token.lib.C_FindObjectsInit(session, [
          { type: k.CKA_CLASS, value: k.CKO_PRIVATE_KEY },
          { type: k.CKA_ID, value: Buffer.from(ref.id, "hex") },
        ]);
        const [handle] = token.lib.C_FindObjects(session, 2);
        token.lib.C_FindObjectsFinal(session);
        if (!handle) throw new Error("private key not found on the token");
        const flags = token.lib.C_GetAttributeValue(session, handle, [
          { type: k.CKA_TOKEN },
          { type: k.CKA_SENSITIVE },
          { type: k.CKA_EXTRACTABLE },
          { type: k.CKA_ALWAYS_SENSITIVE },
          { type: k.CKA_NEVER_EXTRACTABLE },
          { type: k.CKA_LOCAL },
          { type: k.CKA_LABEL },
        ]);
        let valueError: unknown;
        try {
          token.lib.C_GetAttributeValue(session, handle, [{ type: k.CKA_VALUE }]);
        } catch (error) {
          valueError = error;
        }
        return { flags: flags.map((attribute) => attribute.value), valueError };
      });
      const [onToken, sensitive, extractable, alwaysSensitive, neverExtractable, local, label] =
        attributes.flags;
      expect(onToken?.[0]).toBe(1);
      expect(sensitive?.[0]).toBe(1);
      expect(extractable?.[0]).toBe(0);
      expect(alwaysSensitive?.[0]).toBe(1);
      expect(neverExtractable?.[0]).toBe(1);
      expect(local?.[0]).toBe(1); // generated on the token, not imported
      expect(label?.toString()).toBe("release-2026");
      expect((attributes.valueError as Error | undefined)?.message).toMatch(/CKR_ATTRIBUTE_SENSITIVE/);
    });

    it("pkcs11-tool, an independent client, sees the key as sensitive and never extractable", async () => {
      const backend = createPkcs11Backend(config);
      const { ref } = await backend.createKey({ label: "seen-by-pkcs11-tool" });
      const { id } = JSON.parse(ref) as { id: string };
      const tool = (...args: string[]) =>
        spawnSync(
          "pkcs11-tool",
          ["--module", hsm.modulePath, "--token-label", TOKEN.label, "--login", "--pin", TOKEN.pin, ...args],
          { encoding: "utf8", env: process.env },
        );
      const listing = tool("--list-objects", "--type", "privkey", "--id", id);
      expect(listing.status, listing.stderr).toBe(0);
      expect(listing.stdout).toMatch(/Private Key Object; EC/);
      expect(listing.stdout).toMatch(/label:\s+seen-by-pkcs11-tool/);
      expect(listing.stdout).toMatch(/Access:\s+sensitive, always sensitive, never extractable, local/);
    });

    it("keys outlive the process's connection: after C_Finalize the ref opens the same key", async () => {
      const backend = createPkcs11Backend(config);
      const created = await backend.createKey({ label: "survives-finalize" });
      const before = await backend.openSigner(created.ref);
      await closePkcs11();
      const after = await createPkcs11Backend(config).openSigner(created.ref);
      expect(after.keyId).toBe(before.keyId);
      const data = Buffer.from("signed after reconnecting");
      expect(verify("sha256", data, before.publicKeyPem, await after.sign(data))).toBe(true);
    });

    it("hashes on the host because SoftHSM offers raw CKM_ECDSA only", async () => {
      const token = await openPkcs11Token(config);
      expect(token.mechanisms.has(token.pkcs11.CKM_ECDSA)).toBe(true);
      expect(token.mechanisms.has(token.pkcs11.CKM_ECDSA_SHA256)).toBe(false);
    });
  });

  describe("sessions under concurrency", () => {
    it("one session cannot carry two signing operations: the reason for the pool", async () => {
      const token = await openPkcs11Token(config);
      const { ref } = await createPkcs11Backend(config).createKey({ label: "shared-session" });
      const { id } = JSON.parse(ref) as { id: string };
      const k = token.pkcs11;
      const error = await token.withSession((session) => {
        token.lib.C_FindObjectsInit(session, [
          { type: k.CKA_CLASS, value: k.CKO_PRIVATE_KEY },
          { type: k.CKA_ID, value: Buffer.from(id, "hex") },
        ]);
        const [key] = token.lib.C_FindObjects(session, 1);
        token.lib.C_FindObjectsFinal(session);
        if (!key) throw new Error("key not found");
        token.lib.C_SignInit(session, { mechanism: k.CKM_ECDSA }, key);
        try {
          token.lib.C_SignInit(session, { mechanism: k.CKM_ECDSA }, key);
          return undefined;
        } catch (caught) {
          return caught as Error;
        } finally {
          token.lib.C_Sign(session, randomBytes(32), Buffer.alloc(64));
        }
      });
      expect(error?.message).toMatch(/CKR_OPERATION_ACTIVE/);
    });

    it("200 concurrent signs over three keys, on at most maxSessions sessions, all verify", async () => {
      const backend = createPkcs11Backend(config);
      const signers = await Promise.all(
        ["a", "b", "c"].map(async (label) => backend.openSigner((await backend.createKey({ label })).ref)),
      );
      const jobs = Array.from({ length: 200 }, (_, index) => ({
        signer: signers[index % signers.length],
        data: randomBytes(16 + (index % 50)),
      }));
      const token = await openPkcs11Token(config);
      const signatures = await Promise.all(jobs.map(({ signer, data }) => signer?.sign(data)));
      // the pool grew to serve the burst in parallel, and no further than allowed
      expect(token.sessionsOpen).toBeGreaterThan(1);
      expect(token.sessionsOpen).toBeLessThanOrEqual(config.maxSessions ?? 4);
      jobs.forEach(({ signer, data }, index) => {
        const signature = signatures[index];
        if (!signer || !signature) throw new Error(`job ${index} has no signature`);
        expect(verify("sha256", data, signer.publicKeyPem, signature)).toBe(true);
      });
    });

    it("signs while keys are being created, without mixing operations up", async () => {
      const backend = createPkcs11Backend(config);
      const signer = await backend.openSigner((await backend.createKey({ label: "busy" })).ref);
      const data = Array.from({ length: 40 }, (_, index) => Buffer.from(`while creating ${index}`));
      const [signatures, created] = await Promise.all([
        Promise.all(data.map((bytes) => signer.sign(bytes))),
        Promise.all(
          Array.from({ length: 4 }, (_, index) => backend.createKey({ label: `created-${index}` })),
        ),
      ]);
      data.forEach((bytes, index) => {
        expect(verify("sha256", bytes, signer.publicKeyPem, signatures[index] ?? Buffer.alloc(0))).toBe(true);
      });
      expect(new Set(created.map((key) => key.publicKeyPem)).size).toBe(4);
    });

    it("logs in again when the token forgot the login, and keeps signing", async () => {
      const backend = createPkcs11Backend(config);
      const signer = await backend.openSigner((await backend.createKey({ label: "relogin" })).ref);
      const token = await openPkcs11Token(config);
      await token.withSession((session) => token.lib.C_Logout(session));
      const data = Array.from({ length: 30 }, (_, index) => Buffer.from(`after a logout ${index}`));
      const signatures = await Promise.all(data.map((bytes) => signer.sign(bytes)));
      data.forEach((bytes, index) => {
        expect(verify("sha256", bytes, signer.publicKeyPem, signatures[index] ?? Buffer.alloc(0))).toBe(true);
      });
      // and keys can still be made
      await expect(backend.createKey({ label: "after relogin" })).resolves.toHaveProperty("ref");
    });
  });

  describe("clear errors", () => {
    const failure = async (work: () => Promise<unknown>) => {
      const error = await work().then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(SigningBackendError);
      return error as SigningBackendError;
    };

    it("a wrong PIN is refused by the token", async () => {
      const error = await failure(() =>
        createPkcs11Backend({ ...config, tokenLabel: OTHER.label, pin: "not-the-pin" }).createKey({
          label: "x",
        }),
      );
      expect(error.reason).toBe("authentication");
      expect(error.message).toBe(`pkcs11: token "${OTHER.label}": wrong PIN`);
      // and the right one still works afterwards
      const backend = createPkcs11Backend({ ...config, tokenLabel: OTHER.label, pin: OTHER.pin });
      await expect(backend.createKey({ label: "x" })).resolves.toHaveProperty("publicKeyPem");
    });

    it("a different PIN for a token this process has logged into is refused too", async () => {
      const error = await failure(() =>
        createPkcs11Backend({ ...config, pin: "guess" }).createKey({ label: "x" }),
      );
      expect(error.reason).toBe("authentication");
      expect(error.message).toMatch(/already logged in by this process with a different PIN/);
    });

    it("a missing token is named, with the tokens that are present", async () => {
      const error = await failure(() =>
        createPkcs11Backend({ ...config, tokenLabel: "no-such-token" }).createKey({ label: "x" }),
      );
      expect(error.reason).toBe("not-found");
      expect(error.message).toMatch(/no token labelled "no-such-token" in .*libsofthsm2\.so/);
      expect(error.message).toContain(`"${TOKEN.label}"`);
      expect(error.message).toContain(`"${OTHER.label}"`);
    });

    it("a missing key is named by its CKA_ID and token", async () => {
      const id = randomBytes(16).toString("hex");
      const ref = JSON.stringify({ tokenLabel: TOKEN.label, id });
      const error = await failure(() => createPkcs11Backend(config).openSigner(ref));
      expect(error.reason).toBe("not-found");
      expect(error.message).toBe(`pkcs11: no private key with CKA_ID ${id} on token "${TOKEN.label}"`);
    });

    it("a key of another token is refused before touching any token", async () => {
      const { ref } = await createPkcs11Backend({
        ...config,
        tokenLabel: OTHER.label,
        pin: OTHER.pin,
      }).createKey({
        label: "elsewhere",
      });
      const error = await failure(() => createPkcs11Backend(config).openSigner(ref));
      expect(error.reason).toBe("configuration");
      expect(error.message).toMatch(
        /lives on token "portal-other", but this backend is configured for "portal-test"/,
      );
    });

    it("a module path that does not load is named", async () => {
      const error = await failure(() =>
        createPkcs11Backend({ ...config, modulePath: "/nonexistent/libpkcs11.so" }).createKey({ label: "x" }),
      );
      expect(error.reason).toBe("configuration");
      expect(error.message).toMatch(/cannot load the PKCS#11 module \/nonexistent\/libpkcs11\.so/);
    });
  });
});
