// A stand-in for AWS KMS's JSON API (awsJson1_1, X-Amz-Target TrentService.*), just CreateKey, GetPublicKey and
// Sign, shaped after the published API reference. It checks what the SDK sends as KMS would: a SigV4 signature
// recomputed with the configured secret (so the access key id, region, service, signed headers and body hash all
// have to be right), the operation header, and each request's fields; it answers mistakes with KMS's error shape
// ({"__type", "message"} and x-amzn-ErrorType). Keys are real P-256 keys; Sign signs the 32-byte digest it got.
import { createHash, createHmac, randomUUID } from "node:crypto";
import { type FakeRequest, type FakeResponse, header, startFakeHttpServer } from "./fake-http-server";
import { type FakeP256Key, newFakeP256Key } from "./fake-p256-key";

export type AwsKmsFakeOptions = {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  accountId?: string;
};

type FakeKey = {
  arn: string;
  keyId: string;
  key: FakeP256Key;
  keySpec: string;
  keyUsage: string;
  description: string;
  tags: { TagKey: string; TagValue: string }[];
  enabled: boolean;
};

export type AwsKmsFake = Awaited<ReturnType<typeof startAwsKmsFake>>;

const kmsError = (type: string, message: string, status = 400): FakeResponse => ({
  status,
  headers: { "x-amzn-errortype": type, "content-type": "application/x-amz-json-1.1" },
  body: { __type: type, message },
});

export async function startAwsKmsFake(options: AwsKmsFakeOptions) {
  const accountId = options.accountId ?? "111122223333";
  const keys = new Map<string, FakeKey>();
  /** operations as received, with their decoded bodies: what tests assert on */
  const calls: { target: string; body: Record<string, unknown> }[] = [];
  const state = {
    /** the next Sign answers with a signature of another key (a provider-side mix-up) */
    signWithWrongKeyOnce: false,
  };

  const findKey = (keyId: unknown): FakeKey | FakeResponse => {
    if (typeof keyId !== "string" || keyId.length === 0) {
      return kmsError(
        "ValidationException",
        "1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null",
      );
    }
    const key = keys.get(keyId) ?? [...keys.values()].find((candidate) => candidate.arn === keyId);
    if (!key) return kmsError("NotFoundException", `Key '${keyId}' does not exist`);
    return key;
  };
  const isResponse = (value: FakeKey | FakeResponse): value is FakeResponse => "status" in value;

  const operations: Record<string, (body: Record<string, unknown>) => FakeResponse> = {
    CreateKey(body) {
      if (body.KeySpec !== "ECC_NIST_P256") {
        return kmsError(
          "ValidationException",
          `this fake creates ECC_NIST_P256 keys only, not ${String(body.KeySpec)}`,
        );
      }
      if (body.KeyUsage !== "SIGN_VERIFY") {
        return kmsError(
          "ValidationException",
          "KeyUsage must be SIGN_VERIFY for an ECC_NIST_P256 signing key",
        );
      }
      const keyId = randomUUID();
      const key: FakeKey = {
        arn: `arn:aws:kms:${options.region}:${accountId}:key/${keyId}`,
        keyId,
        key: newFakeP256Key(),
        keySpec: "ECC_NIST_P256",
        keyUsage: "SIGN_VERIFY",
        description: typeof body.Description === "string" ? body.Description : "",
        tags: Array.isArray(body.Tags) ? (body.Tags as FakeKey["tags"]) : [],
        enabled: true,
      };
      keys.set(keyId, key);
      return ok({
        KeyMetadata: {
          AWSAccountId: accountId,
          KeyId: keyId,
          Arn: key.arn,
          CreationDate: Date.now() / 1000,
          Enabled: true,
          Description: key.description,
          KeyUsage: key.keyUsage,
          KeyState: "Enabled",
          Origin: "AWS_KMS",
          KeyManager: "CUSTOMER",
          CustomerMasterKeySpec: key.keySpec,
          KeySpec: key.keySpec,
          SigningAlgorithms: ["ECDSA_SHA_256"],
          MultiRegion: false,
        },
      });
    },
    GetPublicKey(body) {
      const key = findKey(body.KeyId);
      if (isResponse(key)) return key;
      return ok({
        KeyId: key.arn,
        PublicKey: key.key.spkiDer.toString("base64"),
        CustomerMasterKeySpec: key.keySpec,
        KeySpec: key.keySpec,
        KeyUsage: key.keyUsage,
        SigningAlgorithms: ["ECDSA_SHA_256"],
      });
    },
    Sign(body) {
      const key = findKey(body.KeyId);
      if (isResponse(key)) return key;
      if (!key.enabled) return kmsError("DisabledException", `${key.arn} is disabled.`);
      if (body.SigningAlgorithm !== "ECDSA_SHA_256") {
        return kmsError(
          "InvalidKeyUsageException",
          `You cannot use algorithm ${String(body.SigningAlgorithm)} with key ${key.arn}`,
        );
      }
      if (body.MessageType !== "DIGEST") {
        return kmsError(
          "ValidationException",
          "this fake expects MessageType DIGEST (the portal hashes on the host)",
        );
      }
      const digest = typeof body.Message === "string" ? Buffer.from(body.Message, "base64") : Buffer.alloc(0);
      if (digest.length !== 32) {
        return kmsError(
          "ValidationException",
          `Digest is invalid length for algorithm ECDSA_SHA_256: expected 32 bytes, got ${digest.length}`,
        );
      }
      const signingKey = state.signWithWrongKeyOnce ? newFakeP256Key() : key.key;
      state.signWithWrongKeyOnce = false;
      return ok({
        KeyId: key.arn,
        Signature: signingKey.signDigest(digest).toString("base64"),
        SigningAlgorithm: "ECDSA_SHA_256",
      });
    },
  };

  const server = await startFakeHttpServer((request) => {
    if (request.method !== "POST" || request.path !== "/") {
      return kmsError(
        "UnknownOperationException",
        `${request.method} ${request.path} is not a KMS operation`,
      );
    }
    const authError = checkSigV4(request, options);
    if (authError) return authError;
    const target = header(request, "x-amz-target") ?? "";
    const operation = /^TrentService\.(\w+)$/.exec(target)?.[1];
    const run = operation ? operations[operation] : undefined;
    if (!run) return kmsError("UnknownOperationException", `unknown X-Amz-Target "${target}"`);
    if (header(request, "content-type") !== "application/x-amz-json-1.1") {
      return kmsError("SerializationException", "Content-Type must be application/x-amz-json-1.1");
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(request.body.toString("utf8")) as Record<string, unknown>;
    } catch {
      return kmsError("SerializationException", "request body is not JSON");
    }
    calls.push({ target, body });
    return run(body);
  });

  return {
    url: server.url,
    requests: server.requests,
    calls,
    keys,
    state,
    disable(keyIdOrArn: string) {
      const key = findKey(keyIdOrArn);
      if (!isResponse(key)) key.enabled = false;
    },
    close: server.close,
  };
}

function ok(body: unknown): FakeResponse {
  return { status: 200, headers: { "content-type": "application/x-amz-json-1.1" }, body };
}

const sha256Hex = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();

/** Recomputes the request's AWS Signature Version 4 as KMS does; an error response when anything differs. */
function checkSigV4(request: FakeRequest, options: AwsKmsFakeOptions): FakeResponse | undefined {
  const authorization = header(request, "authorization");
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(
      authorization ?? "",
    );
  if (!match)
    return kmsError("MissingAuthenticationTokenException", "Request is missing Authentication Token");
  const [, accessKeyId, date, region, service, signedHeaderList, signature] = match as unknown as string[];
  if (accessKeyId !== options.accessKeyId) {
    return kmsError("UnrecognizedClientException", "The security token included in the request is invalid.");
  }
  if (region !== options.region || service !== "kms") {
    return kmsError(
      "InvalidSignatureException",
      `Credential should be scoped to a valid region and service kms`,
    );
  }
  const amzDate = header(request, "x-amz-date") ?? "";
  if (!amzDate.startsWith(date ?? "-")) {
    return kmsError(
      "InvalidSignatureException",
      "Date in Credential scope does not match YYYYMMDD from ISO-8601",
    );
  }
  const signedHeaders = (signedHeaderList ?? "").split(";");
  for (const required of ["host", "x-amz-date", "x-amz-target"]) {
    if (!signedHeaders.includes(required)) {
      return kmsError("InvalidSignatureException", `the header ${required} must be signed`);
    }
  }
  const canonicalHeaders = signedHeaders
    .map((name) => `${name}:${(header(request, name) ?? "").trim().replace(/\s+/g, " ")}\n`)
    .join("");
  const canonicalRequest = [
    request.method,
    request.path,
    "",
    canonicalHeaders,
    signedHeaderList,
    sha256Hex(request.body),
  ].join("\n");
  const scope = `${date}/${region}/kms/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256Hex(canonicalRequest)].join("\n");
  const signingKey = hmac(
    hmac(hmac(hmac(`AWS4${options.secretAccessKey}`, date ?? ""), region ?? ""), "kms"),
    "aws4_request",
  );
  const expected = createHmac("sha256", signingKey).update(stringToSign).digest("hex");
  if (expected !== signature) {
    return kmsError(
      "InvalidSignatureException",
      "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.",
    );
  }
  return undefined;
}
