// The HSM and cloud backends behind the key registry: keys of four purposes live in four backends (SoftHSM2 for
// real, and the AWS, Google Cloud and Vault fakes), domain code signs by purpose without knowing which, and every
// envelope verifies with the registry, with openssl over the DSSE PAE and with @sigstore/verify.
import { createPublicKey } from "node:crypto";
import { bundleFromJSON } from "@sigstore/bundle";
import { toSignedEntity, Verifier } from "@sigstore/verify";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/test/db";
import { type AwsKmsFake, startAwsKmsFake } from "@/test/fakes/aws-kms-fake";
import { type GcpKmsFake, newGcpServiceAccount, startGcpKmsFake } from "@/test/fakes/gcp-kms-fake";
import { startVaultFake, type VaultFake } from "@/test/fakes/vault-fake";
import { opensslVerify } from "@/test/openssl";
import { createSoftHsm, describeWithSoftHsm, type SoftHsm } from "@/test/softhsm";
import { manualClock } from "../../lib/clock";
import { pae, signEnvelope, verifyEnvelope } from "../dsse";
import { IN_TOTO_PAYLOAD_TYPE, inTotoStatement, statementPayload } from "../in-toto";
import { createSigningKey } from "../keys/create-signing-key";
import { signWithPurpose } from "../sign-with-purpose";
import type { BackendKind } from "../signer";
import { SigningFailure, transactionWithSigningAudit } from "../signing-failure";
import { toSigstoreBundle } from "../sigstore-bundle";
import { verifyEnvelopeWithRegistry } from "../verify-with-registry";
import type { SigningKeyPurpose } from "../vocabulary";
import { createAwsKmsBackend } from "./aws-kms";
import { createGcpKmsBackend } from "./gcp-kms";
import { installSigningBackend } from "./index";
import { createPkcs11Backend } from "./pkcs11";
import { closePkcs11, openPkcs11Token } from "./pkcs11-token";
import { createVaultTransitBackend } from "./vault-transit";

const clock = manualClock("2026-04-01T09:00:00.000Z");
const officer = { id: null, name: "Sam Security", roles: ["SECURITY_OFFICER"] };
const releaseBot = { id: null, name: "release-service", roles: [] };
const TOKEN = { label: "portal-registry", pin: "4321-user" };
const AWS = { accessKeyId: "AKIAPORTALREGISTRY01", secretAccessKey: "registry-secret", region: "us-east-1" };
const GCP = { project: "portal-registry", location: "global", keyRing: "portal" };
const account = newGcpServiceAccount(GCP.project);

const BACKEND_OF: Record<Exclude<SigningKeyPurpose, "dev">, BackendKind> = {
  release: "pkcs11",
  attestation: "aws-kms",
  "audit-checkpoint": "gcp-kms",
  mirror: "vault-transit",
};

describeWithSoftHsm("HSM and cloud keys in the key registry", () => {
  let db: TestDatabase;
  let hsm: SoftHsm;
  let aws: AwsKmsFake;
  let gcp: GcpKmsFake;
  let vault: VaultFake;
  const restores: (() => void)[] = [];
  const pkcs11Config = () => ({ modulePath: hsm.modulePath, tokenLabel: TOKEN.label, pin: TOKEN.pin });

  beforeAll(async () => {
    hsm = createSoftHsm();
    hsm.initToken(TOKEN);
    [db, aws, gcp, vault] = await Promise.all([
      createTestDatabase(),
      startAwsKmsFake(AWS),
      startGcpKmsFake({
        serviceAccount: account,
        keyRings: [`projects/${GCP.project}/locations/${GCP.location}/keyRings/${GCP.keyRing}`],
      }),
      startVaultFake({ token: "hvs.registry" }),
    ]);
    restores.push(
      installSigningBackend(createPkcs11Backend(pkcs11Config())),
      installSigningBackend(
        createAwsKmsBackend({ region: AWS.region, endpoint: aws.url, credentials: AWS, maxAttempts: 1 }),
      ),
      installSigningBackend(
        createGcpKmsBackend({ ...GCP, apiEndpoint: gcp.url, credentials: account.json, pollIntervalMs: 5 }),
      ),
      installSigningBackend(createVaultTransitBackend({ address: vault.url, token: "hvs.registry" })),
    );
  });

  afterAll(async () => {
    for (const restore of restores) restore();
    await Promise.all([db?.close(), aws?.close(), gcp?.close(), vault?.close()]);
    await closePkcs11();
    hsm?.cleanup();
  });

  const statement = (purpose: string) =>
    statementPayload(
      inTotoStatement({
        subject: [{ name: `portal-3.0.0-${purpose}.tar.gz`, digest: { sha256: "cd".repeat(32) } }],
        predicateType: "https://portal.example/test/v1",
        predicate: { purpose },
      }),
    );

  it("registers a key per purpose in its backend; signing by purpose verifies with the registry, openssl and sigstore", async () => {
    for (const [purpose, backend] of Object.entries(BACKEND_OF) as [SigningKeyPurpose, BackendKind][]) {
      const key = await db.prisma.$transaction((tx) =>
        createSigningKey(tx, { purpose, backend, actor: officer, clock }),
      );
      expect(key).toMatchObject({ purpose, backend, status: "active" });

      const payload = statement(purpose);
      const { envelope, keyId } = await db.prisma.$transaction((tx) =>
        signWithPurpose(tx, {
          purpose,
          payloadType: IN_TOTO_PAYLOAD_TYPE,
          payload,
          subjectDigest: `sha256:${"cd".repeat(32)}`,
          requester: releaseBot,
          clock,
        }),
      );
      expect(keyId).toBe(key.keyId);

      const registry = await verifyEnvelopeWithRegistry(db.prisma, envelope, { purpose, clock });
      expect(registry.ok, registry.reason).toBe(true);

      const signature = Buffer.from(envelope.signatures[0]?.sig ?? "", "base64");
      const openssl = opensslVerify({
        publicKeyPem: key.publicKeyPem,
        data: pae(IN_TOTO_PAYLOAD_TYPE, payload),
        signature,
      });
      expect(openssl.ok, `${backend}: ${openssl.output}`).toBe(true);

      const verifier = new Verifier(
        {
          certificateAuthorities: [],
          timestampAuthorities: [],
          tlogs: [],
          ctlogs: [],
          publicKey: (hint) => {
            if (hint !== key.keyId) throw new Error(`unknown key ${hint}`);
            return { publicKey: createPublicKey(key.publicKeyPem), validFor: () => true };
          },
        },
        { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 },
      );
      expect(() =>
        verifier.verify(toSignedEntity(bundleFromJSON(toSigstoreBundle(envelope, keyId)))),
      ).not.toThrow();

      const audit = await db.prisma.auditEvent.findFirst({
        where: {
          action: "signing.signed",
          subjectId: key.keyId,
          payload: { path: ["purpose"], equals: purpose },
        },
        orderBy: { seq: "desc" },
      });
      expect(audit?.payload).toMatchObject({ backend, keyId, outcome: "signed" });
    }
  });

  it("one envelope carries signatures from all four backends, and verifies only with all four trusted", async () => {
    const rows = await db.prisma.signingKey.findMany({
      where: { status: "active", purpose: { in: Object.keys(BACKEND_OF) } },
      select: { backend: true, backendRef: true, publicKeyPem: true, keyId: true },
    });
    expect(new Set(rows.map((row) => row.backend))).toEqual(new Set(Object.values(BACKEND_OF)));
    const { backendFor } = await import("./index");
    const signers = await Promise.all(rows.map((row) => backendFor(row.backend).openSigner(row.backendRef)));
    const payload = statement("four-backends");
    const envelope = await signEnvelope(IN_TOTO_PAYLOAD_TYPE, payload, signers);
    const trusted = rows.map((row) => ({ keyId: row.keyId, publicKeyPem: row.publicKeyPem }));
    expect(verifyEnvelope(envelope, trusted, { threshold: 4 }).ok).toBe(true);
    expect(verifyEnvelope(envelope, trusted.slice(1), { threshold: 4 }).ok).toBe(false);
    for (const [index, row] of rows.entries()) {
      const signature = Buffer.from(envelope.signatures[index]?.sig ?? "", "base64");
      expect(
        opensslVerify({ publicKeyPem: row.publicKeyPem, data: pae(IN_TOTO_PAYLOAD_TYPE, payload), signature })
          .ok,
      ).toBe(true);
    }
  });

  it("a key that vanished from the token fails the signing request with the token's reason, audited", async () => {
    const key = await db.prisma.signingKey.findFirstOrThrow({
      where: { purpose: "release", status: "active" },
      select: { keyId: true, backendRef: true },
    });
    const { id } = JSON.parse(key.backendRef) as { id: string };
    const token = await openPkcs11Token(pkcs11Config());
    await token.withReadWriteSession((session) => {
      const k = token.pkcs11;
      token.lib.C_FindObjectsInit(session, [{ type: k.CKA_ID, value: Buffer.from(id, "hex") }]);
      const objects = token.lib.C_FindObjects(session, 10);
      token.lib.C_FindObjectsFinal(session);
      for (const object of objects) token.lib.C_DestroyObject(session, object);
    });
    token.keyHandles.clear();

    const failure = await transactionWithSigningAudit(db.prisma, (tx) =>
      signWithPurpose(tx, {
        purpose: "release",
        payloadType: IN_TOTO_PAYLOAD_TYPE,
        payload: statement("gone"),
        requester: releaseBot,
        clock,
      }),
    ).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SigningFailure);
    expect((failure as Error).message).toBe(
      `key ${key.keyId} (pkcs11) cannot sign: pkcs11: no private key with CKA_ID ${id} on token "${TOKEN.label}"`,
    );
    const audit = await db.prisma.auditEvent.findFirst({
      where: { action: "signing.failed" },
      orderBy: { seq: "desc" },
    });
    expect(audit?.payload).toMatchObject({ keyId: key.keyId, backend: "pkcs11", outcome: "backend_error" });
  });
});
