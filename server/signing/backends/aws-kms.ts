// Keys in AWS KMS (ECC_NIST_P256, SIGN_VERIFY). The digest is computed here and sent with MessageType DIGEST, so
// the data never leaves the process and any size can be signed; KMS returns DER, which is checked against the
// key's public key before use (remote-signer.ts). Credentials come from the SDK's normal chain (environment,
// shared config and SSO profiles, web identity, ECS/EC2 roles) unless the caller passes them.
import type { GetPublicKeyCommandOutput, KMSClient, KMSClientConfig } from "@aws-sdk/client-kms";
import { z } from "zod";
import type { Env } from "@/server/env";
import { toSpkiPem } from "../key-id";
import type { SigningBackend } from "../signer";
import { SigningBackendError, type SigningBackendErrorReason } from "./backend-error";
import { decodeRef, encodeRef } from "./backend-ref";
import { requireP256 } from "./p256-public-key";
import { remoteSigner } from "./remote-signer";

export type AwsKmsBackendConfig = {
  /** falls back to the SDK's chain (AWS_REGION, the shared config's profile) */
  region?: string;
  /** a VPC endpoint, a FIPS endpoint or a test server */
  endpoint?: string;
  /** only for callers that must override the SDK's credential chain */
  credentials?: KMSClientConfig["credentials"];
  maxAttempts?: number;
};

const ZAwsKmsRef = z.object({
  keyArn: z.string().regex(/^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[\w-]+$/),
});
type AwsKmsRef = z.infer<typeof ZAwsKmsRef>;

export function createAwsKmsBackend(config: AwsKmsBackendConfig = {}): SigningBackend {
  let loaded: Promise<{ client: KMSClient; sdk: typeof import("@aws-sdk/client-kms") }> | undefined;
  // the SDK is loaded when the first AWS key is used, not when the portal starts
  const kms = () => {
    loaded ??= import("@aws-sdk/client-kms").then((sdk) => ({
      sdk,
      client: new sdk.KMSClient({
        region: config.region,
        endpoint: config.endpoint,
        credentials: config.credentials,
        maxAttempts: config.maxAttempts,
      }),
    }));
    return loaded;
  };

  const getPublicKey = async (keyArn: string) => {
    const key = await call("GetPublicKey", keyArn, async () => {
      const { client, sdk } = await kms();
      return client.send(new sdk.GetPublicKeyCommand({ KeyId: keyArn }));
    });
    return checkedPublicKeyPem(keyArn, key);
  };

  return {
    kind: "aws-kms",
    async createKey({ label }) {
      const created = await call("CreateKey", label, async () => {
        const { client, sdk } = await kms();
        return client.send(
          new sdk.CreateKeyCommand({
            KeySpec: "ECC_NIST_P256",
            KeyUsage: "SIGN_VERIFY",
            Description: label,
            Tags: [{ TagKey: "portal:label", TagValue: label.slice(0, 256) }],
          }),
        );
      });
      const keyArn = created.KeyMetadata?.Arn;
      if (!keyArn)
        throw new SigningBackendError("aws-kms", "provider", "CreateKey answered without a key ARN");
      return {
        ref: encodeRef<AwsKmsRef>(ZAwsKmsRef, { keyArn }),
        publicKeyPem: await getPublicKey(keyArn),
      };
    },
    async openSigner(ref) {
      const { keyArn } = decodeRef("aws-kms", ZAwsKmsRef, ref);
      return remoteSigner({
        backend: "aws-kms",
        keyName: keyArn,
        publicKeyPem: await getPublicKey(keyArn),
        async signDigest(digest) {
          const signed = await call("Sign", keyArn, async () => {
            const { client, sdk } = await kms();
            return client.send(
              new sdk.SignCommand({
                KeyId: keyArn,
                Message: digest,
                MessageType: "DIGEST",
                SigningAlgorithm: "ECDSA_SHA_256",
              }),
            );
          });
          if (signed.KeyId !== keyArn || signed.SigningAlgorithm !== "ECDSA_SHA_256" || !signed.Signature) {
            throw new SigningBackendError(
              "aws-kms",
              "integrity",
              `Sign answered for key ${String(signed.KeyId)} with ${String(signed.SigningAlgorithm)}, not ${keyArn} with ECDSA_SHA_256`,
            );
          }
          return signed.Signature;
        },
      });
    },
  };
}

export function awsKmsBackendFromEnv(env: Env): SigningBackend {
  return createAwsKmsBackend({ region: env.AWS_KMS_REGION, endpoint: env.AWS_KMS_ENDPOINT });
}

function checkedPublicKeyPem(keyArn: string, key: GetPublicKeyCommandOutput): string {
  if (key.KeySpec !== "ECC_NIST_P256" || key.KeyUsage !== "SIGN_VERIFY") {
    throw new SigningBackendError(
      "aws-kms",
      "configuration",
      `${keyArn} is a ${String(key.KeySpec)} key for ${String(key.KeyUsage)}, not an ECC_NIST_P256 signing key`,
    );
  }
  if (!key.SigningAlgorithms?.includes("ECDSA_SHA_256") || !key.PublicKey) {
    throw new SigningBackendError("aws-kms", "provider", `${keyArn} offers no ECDSA_SHA_256 public key`);
  }
  return toSpkiPem(requireP256("aws-kms", Buffer.from(key.PublicKey), `public key of ${keyArn}`));
}

const REASON_BY_ERROR: Record<string, SigningBackendErrorReason> = {
  NotFoundException: "not-found",
  AccessDeniedException: "authentication",
  UnrecognizedClientException: "authentication",
  InvalidSignatureException: "authentication",
  IncompleteSignature: "authentication",
  MissingAuthenticationTokenException: "authentication",
  ExpiredTokenException: "authentication",
  CredentialsProviderError: "configuration",
  DisabledException: "configuration",
  KMSInvalidStateException: "configuration",
  InvalidKeyUsageException: "configuration",
};

/** Runs one KMS call; an SDK or service error becomes a SigningBackendError naming the operation and the key. */
async function call<T>(operation: string, subject: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof SigningBackendError) throw error;
    const name = error instanceof Error ? error.name : "Error";
    const message = error instanceof Error ? error.message : String(error);
    const missingRegion = /region is missing/i.test(message);
    throw new SigningBackendError(
      "aws-kms",
      missingRegion ? "configuration" : (REASON_BY_ERROR[name] ?? "provider"),
      `${operation} (${subject}) failed: ${name}: ${message}${missingRegion ? " (set AWS_KMS_REGION or AWS_REGION)" : ""}`,
      { cause: error },
    );
  }
}
