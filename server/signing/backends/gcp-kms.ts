// Keys in Google Cloud KMS (ASYMMETRIC_SIGN, EC_SIGN_P256_SHA256) through @google-cloud/kms over its HTTP/JSON
// transport (`fallback: true`: no gRPC, one HTTPS connection, works through ordinary proxies). The digest is
// computed here and sent as digest.sha256 with its CRC32C; each answer is checked as Google recommends
// (verifiedDigestCrc32c, the signature's CRC32C, the version name) and the DER signature is verified against the
// version's public key (remote-signer.ts). Credentials: Application Default Credentials, or a service account
// key file. A ref pins one crypto key version; Cloud KMS rotation makes a new version, i.e. a new key here.
import { randomBytes } from "node:crypto";
import type { KeyManagementServiceClient } from "@google-cloud/kms";
import { z } from "zod";
import type { Env } from "@/server/env";
import { toSpkiPem } from "../key-id";
import type { SigningBackend } from "../signer";
import { SigningBackendError, type SigningBackendErrorReason } from "./backend-error";
import { decodeRef, encodeRef } from "./backend-ref";
import { crc32c } from "./crc32c";
import { requireP256 } from "./p256-public-key";
import { remoteSigner } from "./remote-signer";

export type GcpKmsBackendConfig = {
  project: string;
  location: string;
  /** an existing key ring (creating key rings is an infrastructure decision, not the portal's) */
  keyRing: string;
  /** e.g. https://cloudkms.googleapis.com (the default), a private endpoint, or a test server */
  apiEndpoint?: string;
  /** a service account key file; unset: Application Default Credentials */
  credentialsFile?: string;
  /** the same, already parsed */
  credentials?: { client_email: string; private_key: string };
  protectionLevel?: "SOFTWARE" | "HSM";
  /** createKey waits this long for the new version to leave PENDING_GENERATION (default 60 s) */
  generationTimeoutMs?: number;
  pollIntervalMs?: number;
};

const VERSION_NAME =
  /^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+\/cryptoKeyVersions\/\d+$/;
const ZGcpKmsRef = z.object({ versionName: z.string().regex(VERSION_NAME) });
type GcpKmsRef = z.infer<typeof ZGcpKmsRef>;

export function createGcpKmsBackend(config: GcpKmsBackendConfig): SigningBackend {
  let client: Promise<KeyManagementServiceClient> | undefined;
  // google-gax is large: load it when the first GCP key is used, not when the portal starts
  const kms = () => {
    client ??= import("@google-cloud/kms").then(
      ({ KeyManagementServiceClient }) =>
        new KeyManagementServiceClient({
          fallback: true,
          ...endpointOptions(config.apiEndpoint),
          keyFilename: config.credentialsFile,
          credentials: config.credentials,
          projectId: config.project,
        }),
    );
    return client;
  };

  const publicKeyPem = async (versionName: string) => {
    const [key] = await call("getPublicKey", versionName, async () =>
      (await kms()).getPublicKey({ name: versionName }),
    );
    if (key.name !== versionName) {
      throw new SigningBackendError(
        "gcp-kms",
        "integrity",
        `getPublicKey answered for ${key.name}, not ${versionName}`,
      );
    }
    if (key.algorithm !== "EC_SIGN_P256_SHA256") {
      throw new SigningBackendError(
        "gcp-kms",
        "configuration",
        `${versionName} is a ${String(key.algorithm)} key, not EC_SIGN_P256_SHA256`,
      );
    }
    const pem = key.pem ?? "";
    if (String(key.pemCrc32c?.value) !== String(crc32c(Buffer.from(pem)))) {
      throw new SigningBackendError(
        "gcp-kms",
        "integrity",
        `the public key of ${versionName} was corrupted in transit`,
      );
    }
    return toSpkiPem(requireP256("gcp-kms", pem, `public key of ${versionName}`));
  };

  return {
    kind: "gcp-kms",
    async createKey({ label }) {
      const parent = `projects/${config.project}/locations/${config.location}/keyRings/${config.keyRing}`;
      const [key] = await call("createCryptoKey", parent, async () =>
        (await kms()).createCryptoKey({
          parent,
          cryptoKeyId: cryptoKeyIdFor(label),
          cryptoKey: {
            purpose: "ASYMMETRIC_SIGN",
            versionTemplate: {
              algorithm: "EC_SIGN_P256_SHA256",
              protectionLevel: config.protectionLevel ?? "SOFTWARE",
            },
            labels: { "portal-label": gcpLabelValue(label) },
          },
        }),
      );
      if (!key.name)
        throw new SigningBackendError("gcp-kms", "provider", "createCryptoKey answered without a name");
      const versionName = `${key.name}/cryptoKeyVersions/1`;
      await waitUntilEnabled(await kms(), versionName, config);
      return {
        ref: encodeRef<GcpKmsRef>(ZGcpKmsRef, { versionName }),
        publicKeyPem: await publicKeyPem(versionName),
      };
    },
    async openSigner(ref) {
      const { versionName } = decodeRef("gcp-kms", ZGcpKmsRef, ref);
      return remoteSigner({
        backend: "gcp-kms",
        keyName: versionName,
        publicKeyPem: await publicKeyPem(versionName),
        async signDigest(digest) {
          const [signed] = await call("asymmetricSign", versionName, async () =>
            (await kms()).asymmetricSign({
              name: versionName,
              digest: { sha256: digest },
              digestCrc32c: { value: crc32c(digest) },
            }),
          );
          // Google's integrity recipe: the service saw our digest intact, answered for this version, and the
          // signature arrived intact
          if (!signed.verifiedDigestCrc32c) {
            throw new SigningBackendError(
              "gcp-kms",
              "integrity",
              `the digest sent to ${versionName} was corrupted in transit`,
            );
          }
          if (signed.name !== versionName) {
            throw new SigningBackendError(
              "gcp-kms",
              "integrity",
              `asymmetricSign answered for ${signed.name}, not ${versionName}`,
            );
          }
          const signature = Buffer.from(signed.signature ?? []);
          if (String(signed.signatureCrc32c?.value) !== String(crc32c(signature))) {
            throw new SigningBackendError(
              "gcp-kms",
              "integrity",
              `the signature from ${versionName} was corrupted in transit (CRC32C mismatch)`,
            );
          }
          return signature;
        },
      });
    },
  };
}

export function gcpKmsBackendFromEnv(env: Env): SigningBackend {
  if (!env.GCP_KMS_PROJECT || !env.GCP_KMS_LOCATION || !env.GCP_KMS_KEY_RING) {
    throw new SigningBackendError(
      "gcp-kms",
      "configuration",
      "set GCP_KMS_PROJECT, GCP_KMS_LOCATION and GCP_KMS_KEY_RING",
    );
  }
  return createGcpKmsBackend({
    project: env.GCP_KMS_PROJECT,
    location: env.GCP_KMS_LOCATION,
    keyRing: env.GCP_KMS_KEY_RING,
    apiEndpoint: env.GCP_KMS_API_ENDPOINT,
    credentialsFile: env.GCP_KMS_CREDENTIALS_FILE,
    protectionLevel: env.GCP_KMS_PROTECTION_LEVEL,
  });
}

/** "https://host:port" -> the SDK's apiEndpoint, port and protocol (http only for local test servers) */
export function endpointOptions(apiEndpoint: string | undefined): {
  apiEndpoint?: string;
  port?: number;
  protocol?: string;
} {
  if (!apiEndpoint) return {};
  const url = new URL(apiEndpoint);
  const protocol = url.protocol.replace(/:$/, "");
  return {
    apiEndpoint: url.hostname,
    port: url.port ? Number(url.port) : protocol === "http" ? 80 : 443,
    protocol,
  };
}

/** crypto key ids: [a-zA-Z0-9_-]{1,63}, unique per key ring, so a slug of the label plus random bits */
export function cryptoKeyIdFor(label: string): string {
  const slug = label
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 46);
  return `${slug || "key"}-${randomBytes(8).toString("hex")}`;
}

/** label values: lowercase letters, digits, _ and -, at most 63 */
function gcpLabelValue(label: string): string {
  return label
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .slice(0, 63);
}

async function waitUntilEnabled(
  client: KeyManagementServiceClient,
  versionName: string,
  config: GcpKmsBackendConfig,
) {
  const deadline = Date.now() + (config.generationTimeoutMs ?? 60_000);
  for (;;) {
    const [version] = await call("getCryptoKeyVersion", versionName, () =>
      client.getCryptoKeyVersion({ name: versionName }),
    );
    if (version.state === "ENABLED") return;
    if (version.state !== "PENDING_GENERATION") {
      throw new SigningBackendError(
        "gcp-kms",
        "provider",
        `${versionName} is ${String(version.state)}, not ENABLED`,
      );
    }
    if (Date.now() > deadline) {
      throw new SigningBackendError(
        "gcp-kms",
        "provider",
        `${versionName} is still PENDING_GENERATION; try again later`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, config.pollIntervalMs ?? 500));
  }
}

const REASON_BY_STATUS: Record<string, SigningBackendErrorReason> = {
  NOT_FOUND: "not-found",
  PERMISSION_DENIED: "authentication",
  UNAUTHENTICATED: "authentication",
  FAILED_PRECONDITION: "configuration",
};
// gRPC codes (what gax reports for errors it decodes itself) and HTTP statuses (what its HTTP client reports)
const STATUS_BY_GRPC_CODE: Record<number, string> = {
  3: "INVALID_ARGUMENT",
  5: "NOT_FOUND",
  6: "ALREADY_EXISTS",
  7: "PERMISSION_DENIED",
  8: "RESOURCE_EXHAUSTED",
  9: "FAILED_PRECONDITION",
  13: "INTERNAL",
  14: "UNAVAILABLE",
  16: "UNAUTHENTICATED",
};
const STATUS_BY_HTTP: Record<number, string> = {
  400: "INVALID_ARGUMENT",
  401: "UNAUTHENTICATED",
  403: "PERMISSION_DENIED",
  404: "NOT_FOUND",
  409: "ALREADY_EXISTS",
  429: "RESOURCE_EXHAUSTED",
  503: "UNAVAILABLE",
};

/**
 * Google's status name and message from whatever the SDK threw: over the HTTP/JSON transport an error answer
 * arrives as the HTTP client's error whose message is the body {"error": {"code", "message", "status"}}; errors
 * gax decodes itself carry a gRPC code.
 */
export function googleStatusOf(error: unknown): { status: string; message: string } {
  const message = error instanceof Error ? error.message : String(error);
  try {
    const body = JSON.parse(message) as { error?: { status?: unknown; message?: unknown } };
    if (typeof body.error?.status === "string") {
      return { status: body.error.status, message: String(body.error.message ?? "") };
    }
  } catch {
    // not a JSON body: fall back to the code
  }
  const code = (error as { code?: unknown }).code;
  const httpStatus = (error as { response?: { status?: unknown } }).response?.status;
  const status =
    typeof httpStatus === "number"
      ? (STATUS_BY_HTTP[httpStatus] ?? `HTTP ${httpStatus}`)
      : typeof code === "number"
        ? (STATUS_BY_GRPC_CODE[code] ?? `code ${code}`)
        : error instanceof Error
          ? error.name
          : "error";
  return { status, message };
}

/** Runs one KMS call; an SDK or service error becomes a SigningBackendError naming the method and resource. */
async function call<T>(method: string, resource: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof SigningBackendError) throw error;
    const { status, message } = googleStatusOf(error);
    throw new SigningBackendError(
      "gcp-kms",
      REASON_BY_STATUS[status] ?? "provider",
      `${method} (${resource}) failed: ${status}: ${message}`,
      { cause: error },
    );
  }
}
