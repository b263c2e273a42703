// The AWS KMS backend through the real @aws-sdk/client-kms, against a fake KMS on 127.0.0.1 that recomputes the
// SigV4 signature and checks each request (test/fakes/aws-kms-fake.ts). Verified against the published API
// shape, not the live service.
import { createHash, verify } from "node:crypto";
import { KMSClient, SignCommand } from "@aws-sdk/client-kms";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AwsKmsFake, startAwsKmsFake } from "@/test/fakes/aws-kms-fake";
import { header } from "@/test/fakes/fake-http-server";
import { describeSigningBackendConformance } from "@/test/signing-backend-conformance";
import { createAwsKmsBackend } from "./aws-kms";
import { SigningBackendError } from "./backend-error";

const CREDENTIALS = { accessKeyId: "AKIAPORTALTEST000001", secretAccessKey: "portal-test-secret-key" };
const REGION = "eu-central-1";

let fake: AwsKmsFake;
beforeAll(async () => {
  fake = await startAwsKmsFake({ ...CREDENTIALS, region: REGION });
});
afterAll(async () => {
  await fake?.close();
});

const backend = (overrides: Parameters<typeof createAwsKmsBackend>[0] = {}) =>
  createAwsKmsBackend({
    region: REGION,
    endpoint: fake.url,
    credentials: CREDENTIALS,
    maxAttempts: 1,
    ...overrides,
  });

describeSigningBackendConformance("aws-kms", () => backend());

describe("what the SDK sends to KMS", () => {
  it("CreateKey asks for an ECC_NIST_P256 signing key, labelled, over SigV4 with the configured key id", async () => {
    fake.calls.length = 0;
    const created = await backend().createKey({ label: "release signing" });
    const [create, getPublicKey] = fake.calls;
    expect(create).toEqual({
      target: "TrentService.CreateKey",
      body: expect.objectContaining({
        KeySpec: "ECC_NIST_P256",
        KeyUsage: "SIGN_VERIFY",
        Description: "release signing",
        Tags: [{ TagKey: "portal:label", TagValue: "release signing" }],
      }),
    });
    expect(getPublicKey?.target).toBe("TrentService.GetPublicKey");
    const { keyArn } = JSON.parse(created.ref) as { keyArn: string };
    expect(keyArn).toMatch(new RegExp(`^arn:aws:kms:${REGION}:\\d{12}:key/`));
    expect(getPublicKey?.body.KeyId).toBe(keyArn);
  });

  it("Sign sends only the SHA-256 digest of the data, MessageType DIGEST, ECDSA_SHA_256, signed with SigV4", async () => {
    const kms = backend();
    const signer = await kms.openSigner((await kms.createKey({ label: "digest" })).ref);
    const data = Buffer.from("the data itself never leaves the portal");
    const before = fake.requests.length;
    const signature = await signer.sign(data);
    const request = fake.requests
      .slice(before)
      .find((r) => header(r, "x-amz-target") === "TrentService.Sign");
    if (!request) throw new Error("no Sign request reached the fake");
    expect(header(request, "authorization")).toMatch(
      new RegExp(
        `^AWS4-HMAC-SHA256 Credential=${CREDENTIALS.accessKeyId}/\\d{8}/${REGION}/kms/aws4_request, `,
      ),
    );
    expect(header(request, "content-type")).toBe("application/x-amz-json-1.1");
    const body = JSON.parse(request.body.toString()) as Record<string, string>;
    const digest = createHash("sha256").update(data).digest();
    expect(Buffer.from(body.Message ?? "", "base64")).toEqual(digest);
    expect(body).toMatchObject({ MessageType: "DIGEST", SigningAlgorithm: "ECDSA_SHA_256" });
    expect(request.body.includes(data)).toBe(false);
    expect(verify("sha256", data, signer.publicKeyPem, signature)).toBe(true);
  });

  it("takes credentials from the SDK's normal chain (here AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY)", async () => {
    const saved = { id: process.env.AWS_ACCESS_KEY_ID, secret: process.env.AWS_SECRET_ACCESS_KEY };
    process.env.AWS_ACCESS_KEY_ID = CREDENTIALS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = CREDENTIALS.secretAccessKey;
    try {
      const before = fake.requests.length;
      const created = await backend({ credentials: undefined }).createKey({ label: "from the chain" });
      expect(created.publicKeyPem).toMatch(/BEGIN PUBLIC KEY/);
      const first = fake.requests[before];
      if (!first) throw new Error("no request reached the fake");
      expect(header(first, "authorization")).toContain(CREDENTIALS.accessKeyId);
    } finally {
      for (const [name, value] of [
        ["AWS_ACCESS_KEY_ID", saved.id],
        ["AWS_SECRET_ACCESS_KEY", saved.secret],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it("the fake refuses a malformed Sign (a 20-byte digest) with KMS's error shape", async () => {
    const kms = backend();
    const { keyArn } = JSON.parse((await kms.createKey({ label: "malformed" })).ref) as { keyArn: string };
    const client = new KMSClient({
      region: REGION,
      endpoint: fake.url,
      credentials: CREDENTIALS,
      maxAttempts: 1,
    });
    const error: unknown = await client
      .send(
        new SignCommand({
          KeyId: keyArn,
          Message: Buffer.alloc(20),
          MessageType: "DIGEST",
          SigningAlgorithm: "ECDSA_SHA_256",
        }),
      )
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    const kmsError = error as Error & { $metadata?: { httpStatusCode?: number } };
    expect(kmsError.name).toBe("ValidationException");
    expect(kmsError.message).toMatch(/Digest is invalid length for algorithm ECDSA_SHA_256/);
    expect(kmsError.$metadata?.httpStatusCode).toBe(400);
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

  it("a wrong secret key fails SigV4 verification", async () => {
    const error = await failure(() =>
      backend({ credentials: { ...CREDENTIALS, secretAccessKey: "wrong" } }).createKey({ label: "x" }),
    );
    expect(error.reason).toBe("authentication");
    expect(error.message).toMatch(
      /^aws-kms: CreateKey \(x\) failed: InvalidSignatureException: The request signature/,
    );
  });

  it("an unknown access key id is refused", async () => {
    const error = await failure(() =>
      backend({ credentials: { ...CREDENTIALS, accessKeyId: "AKIAUNKNOWN" } }).createKey({ label: "x" }),
    );
    expect(error.reason).toBe("authentication");
    expect(error.message).toMatch(/UnrecognizedClientException/);
  });

  it("a key that does not exist is named", async () => {
    const keyArn = `arn:aws:kms:${REGION}:111122223333:key/00000000-0000-0000-0000-000000000000`;
    const error = await failure(() => backend().openSigner(JSON.stringify({ keyArn })));
    expect(error.reason).toBe("not-found");
    expect(error.message).toContain(`GetPublicKey (${keyArn}) failed: NotFoundException`);
  });

  it("a disabled key refuses to sign", async () => {
    const kms = backend();
    const created = await kms.createKey({ label: "to disable" });
    const signer = await kms.openSigner(created.ref);
    fake.disable((JSON.parse(created.ref) as { keyArn: string }).keyArn);
    const error = await failure(() => signer.sign(Buffer.from("x")));
    expect(error.reason).toBe("configuration");
    expect(error.message).toMatch(/Sign \(.*\) failed: DisabledException: .* is disabled/);
  });

  it("a signature that does not verify with the key's public key is refused, not passed on", async () => {
    const kms = backend();
    const signer = await kms.openSigner((await kms.createKey({ label: "mixed up" })).ref);
    fake.state.signWithWrongKeyOnce = true;
    const error = await failure(() => signer.sign(Buffer.from("x")));
    expect(error.reason).toBe("integrity");
    expect(error.message).toMatch(/does not verify with its public key/);
  });

  it("no region anywhere is a configuration error that says where to set it", async () => {
    const saved = process.env.AWS_REGION;
    delete process.env.AWS_REGION;
    try {
      const error = await failure(() => backend({ region: undefined }).createKey({ label: "x" }));
      expect(error.reason).toBe("configuration");
      expect(error.message).toMatch(/AWS_KMS_REGION/);
    } finally {
      if (saved !== undefined) process.env.AWS_REGION = saved;
    }
  });
});
