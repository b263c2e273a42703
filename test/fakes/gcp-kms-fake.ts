// A stand-in for Cloud KMS's REST API (v1), just what the portal uses: create a crypto key in an existing key
// ring, read a version (asymmetric versions start PENDING_GENERATION, as on GCP), its public key, and
// asymmetricSign. It checks what the SDK (HTTP/JSON transport, `fallback: true`) sends: the resource paths, a
// Bearer token that is a JWT signed by the test service account's key (verified here with its public key), the
// enum and int64 JSON encodings, a 32-byte digest.sha256 and its CRC32C. Mistakes get Google's error shape
// ({"error": {"code", "message", "status"}}). Keys are real P-256 keys.
import { createHash, generateKeyPairSync, type KeyObject, verify } from "node:crypto";
import { crc32c } from "@/server/signing/backends/crc32c";
import { type FakeRequest, type FakeResponse, header, startFakeHttpServer } from "./fake-http-server";
import { type FakeP256Key, newFakeP256Key } from "./fake-p256-key";

const PURPOSE = { ASYMMETRIC_SIGN: 5 } as const;
const ALGORITHM = { EC_SIGN_P256_SHA256: 12 } as const;
const STATE = { ENABLED: 1, PENDING_GENERATION: 5 } as const;
const PROTECTION = { SOFTWARE: 1, HSM: 2 } as const;

type FakeVersion = {
  name: string;
  key: FakeP256Key;
  protectionLevel: number;
  /** GETs of the version still answered PENDING_GENERATION */
  pendingReads: number;
};

export type GcpServiceAccount = {
  /** the JSON a service account key file holds (what GOOGLE_APPLICATION_CREDENTIALS points at) */
  json: {
    type: "service_account";
    project_id: string;
    private_key_id: string;
    private_key: string;
    client_email: string;
    client_id: string;
    token_uri: string;
  };
  publicKey: KeyObject;
};

export function newGcpServiceAccount(project: string): GcpServiceAccount {
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  return {
    publicKey,
    json: {
      type: "service_account",
      project_id: project,
      private_key_id: createHash("sha256")
        .update(publicKey.export({ type: "spki", format: "der" }))
        .digest("hex"),
      private_key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
      client_email: `portal-signer@${project}.iam.gserviceaccount.com`,
      client_id: "100000000000000000001",
      // never called: the SDK signs its own JWT for KMS (self-signed JWT access), so tests need no token server
      token_uri: "http://127.0.0.1:9/token",
    },
  };
}

export type GcpKmsFake = Awaited<ReturnType<typeof startGcpKmsFake>>;

const googleError = (code: number, status: string, message: string): FakeResponse => ({
  status: code,
  body: { error: { code, message, status, details: [] } },
});

const enumValue = (value: unknown, table: Record<string, number>) =>
  typeof value === "number" ? value : typeof value === "string" ? table[value] : undefined;

export async function startGcpKmsFake(options: {
  serviceAccount: GcpServiceAccount;
  /** key rings that exist, as resource names projects/P/locations/L/keyRings/R */
  keyRings: string[];
  /** how many reads of a new version answer PENDING_GENERATION (default 1) */
  pendingReads?: number;
}) {
  const cryptoKeys = new Map<string, { labels: Record<string, string> }>();
  const versions = new Map<string, FakeVersion>();
  const state = {
    /** the next asymmetricSign answer carries a wrong signatureCrc32c (corruption in transit) */
    corruptSignatureCrcOnce: false,
    /** the next asymmetricSign answer says the digest CRC32C was not verified */
    unverifiedDigestCrcOnce: false,
  };

  const versionAnswer = (version: FakeVersion, intEnums: boolean) => {
    const pending = version.pendingReads > 0;
    if (pending) version.pendingReads -= 1;
    return {
      name: version.name,
      state: intEnums
        ? pending
          ? STATE.PENDING_GENERATION
          : STATE.ENABLED
        : pending
          ? "PENDING_GENERATION"
          : "ENABLED",
      protectionLevel: version.protectionLevel,
      algorithm: intEnums ? ALGORITHM.EC_SIGN_P256_SHA256 : "EC_SIGN_P256_SHA256",
      createTime: new Date().toISOString(),
    };
  };

  const routes: {
    method: string;
    pattern: RegExp;
    run: (match: string[], request: FakeRequest) => FakeResponse;
  }[] = [
    {
      method: "POST",
      pattern: /^\/v1\/(projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+)\/cryptoKeys$/,
      run([, keyRing = ""], request) {
        if (!options.keyRings.includes(keyRing))
          return googleError(404, "NOT_FOUND", `KeyRing ${keyRing} not found.`);
        const id = request.query.get("cryptoKeyId") ?? "";
        if (!/^[a-zA-Z0-9_-]{1,63}$/.test(id)) {
          return googleError(400, "INVALID_ARGUMENT", `crypto_key_id "${id}" must match [a-zA-Z0-9_-]{1,63}`);
        }
        const body = JSON.parse(request.body.toString() || "{}") as {
          purpose?: unknown;
          versionTemplate?: { algorithm?: unknown; protectionLevel?: unknown };
          labels?: Record<string, string>;
        };
        if (enumValue(body.purpose, PURPOSE) !== PURPOSE.ASYMMETRIC_SIGN) {
          return googleError(400, "INVALID_ARGUMENT", "this fake creates ASYMMETRIC_SIGN keys only");
        }
        if (enumValue(body.versionTemplate?.algorithm, ALGORITHM) !== ALGORITHM.EC_SIGN_P256_SHA256) {
          return googleError(
            400,
            "INVALID_ARGUMENT",
            "The specified algorithm is not valid for purpose ASYMMETRIC_SIGN.",
          );
        }
        const name = `${keyRing}/cryptoKeys/${id}`;
        if (cryptoKeys.has(name))
          return googleError(409, "ALREADY_EXISTS", `CryptoKey ${name} already exists.`);
        cryptoKeys.set(name, { labels: body.labels ?? {} });
        const protectionLevel =
          enumValue(body.versionTemplate?.protectionLevel, PROTECTION) ?? PROTECTION.SOFTWARE;
        versions.set(`${name}/cryptoKeyVersions/1`, {
          name: `${name}/cryptoKeyVersions/1`,
          key: newFakeP256Key(),
          protectionLevel,
          pendingReads: options.pendingReads ?? 1,
        });
        return {
          status: 200,
          body: {
            name,
            purpose: PURPOSE.ASYMMETRIC_SIGN,
            versionTemplate: { algorithm: ALGORITHM.EC_SIGN_P256_SHA256, protectionLevel },
            labels: body.labels ?? {},
            createTime: new Date().toISOString(),
          },
        };
      },
    },
    {
      method: "GET",
      pattern: /^\/v1\/(projects\/.+\/cryptoKeyVersions\/[^/:]+)$/,
      run([, name = ""], request) {
        const version = versions.get(name);
        if (!version) return googleError(404, "NOT_FOUND", `CryptoKeyVersion ${name} not found.`);
        return { status: 200, body: versionAnswer(version, intEnums(request)) };
      },
    },
    {
      method: "GET",
      pattern: /^\/v1\/(projects\/.+\/cryptoKeyVersions\/[^/:]+)\/publicKey$/,
      run([, name = ""]) {
        const version = versions.get(name);
        if (!version) return googleError(404, "NOT_FOUND", `CryptoKeyVersion ${name} not found.`);
        if (version.pendingReads > 0) {
          return googleError(
            400,
            "FAILED_PRECONDITION",
            `The request cannot be fulfilled. Resource ${name} has value PENDING_GENERATION in field crypto_key_version.state.`,
          );
        }
        const pem = version.key.publicKeyPem;
        return {
          status: 200,
          body: {
            name,
            pem,
            pemCrc32c: String(crc32c(Buffer.from(pem))),
            algorithm: ALGORITHM.EC_SIGN_P256_SHA256,
            protectionLevel: version.protectionLevel,
          },
        };
      },
    },
    {
      method: "POST",
      pattern: /^\/v1\/(projects\/.+\/cryptoKeyVersions\/[^/:]+):asymmetricSign$/,
      run([, name = ""], request) {
        const version = versions.get(name);
        if (!version) return googleError(404, "NOT_FOUND", `CryptoKeyVersion ${name} not found.`);
        if (version.pendingReads > 0) {
          return googleError(400, "FAILED_PRECONDITION", `${name} is not in state ENABLED.`);
        }
        const body = JSON.parse(request.body.toString() || "{}") as {
          digest?: Record<string, string>;
          digestCrc32c?: string | number;
          data?: string;
        };
        const digests = Object.keys(body.digest ?? {});
        if (body.data !== undefined || digests.length !== 1 || digests[0] !== "sha256") {
          return googleError(
            400,
            "INVALID_ARGUMENT",
            "The digest type does not match the algorithm EC_SIGN_P256_SHA256: expected digest.sha256.",
          );
        }
        const digest = Buffer.from(body.digest?.sha256 ?? "", "base64");
        if (digest.length !== 32) {
          return googleError(
            400,
            "INVALID_ARGUMENT",
            `Digest must be 32 bytes for SHA-256, got ${digest.length}.`,
          );
        }
        const sentCrc = body.digestCrc32c === undefined ? undefined : String(body.digestCrc32c);
        if (sentCrc !== undefined && sentCrc !== String(crc32c(digest))) {
          return googleError(
            400,
            "INVALID_ARGUMENT",
            "The checksum in field digest_crc32c did not match the data in field digest.",
          );
        }
        const signature = version.key.signDigest(digest);
        const signatureCrc = crc32c(signature) ^ (state.corruptSignatureCrcOnce ? 1 : 0);
        const verified = sentCrc !== undefined && !state.unverifiedDigestCrcOnce;
        state.corruptSignatureCrcOnce = false;
        state.unverifiedDigestCrcOnce = false;
        return {
          status: 200,
          body: {
            name,
            signature: signature.toString("base64"),
            signatureCrc32c: String(signatureCrc >>> 0),
            verifiedDigestCrc32c: verified,
            protectionLevel: version.protectionLevel,
          },
        };
      },
    },
  ];

  const server = await startFakeHttpServer((request) => {
    const authError = checkBearer(request, options.serviceAccount);
    if (authError) return authError;
    for (const route of routes) {
      const match = route.method === request.method ? route.pattern.exec(request.path) : null;
      if (match) return route.run([...match], request);
    }
    return googleError(404, "NOT_FOUND", `no route for ${request.method} ${request.path}`);
  });

  return {
    url: server.url,
    requests: server.requests,
    cryptoKeys,
    versions,
    state,
    close: server.close,
  };
}

const intEnums = (request: FakeRequest) => /enum-encoding=int/.test(request.query.get("$alt") ?? "");

/**
 * The SDK authenticates to KMS with a self-signed JWT of the service account (no token exchange): RS256 over
 * {iss, sub, scope, iat, exp}. Checked here as Google's front end would.
 */
function checkBearer(request: FakeRequest, account: GcpServiceAccount): FakeResponse | undefined {
  const unauthenticated = (why: string) =>
    googleError(
      401,
      "UNAUTHENTICATED",
      `Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. (${why})`,
    );
  const token = /^Bearer ([\w-]+)\.([\w-]+)\.([\w-]+)$/.exec(header(request, "authorization") ?? "");
  if (!token) return unauthenticated("no Bearer token");
  const [, head = "", body = "", signature = ""] = token;
  const decode = (part: string) =>
    JSON.parse(Buffer.from(part, "base64url").toString()) as Record<string, unknown>;
  const jwtHeader = decode(head);
  const claims = decode(body);
  if (jwtHeader.alg !== "RS256") return unauthenticated(`alg ${String(jwtHeader.alg)}`);
  const signed = verify(
    "sha256",
    Buffer.from(`${head}.${body}`),
    account.publicKey,
    Buffer.from(signature, "base64url"),
  );
  if (!signed) return unauthenticated("JWT signature does not verify with the service account's key");
  if (claims.iss !== account.json.client_email || claims.sub !== account.json.client_email) {
    return unauthenticated("JWT issuer is not the service account");
  }
  const now = Math.floor(Date.now() / 1000);
  if (typeof claims.exp !== "number" || claims.exp < now) return unauthenticated("JWT expired");
  const scopes = String(claims.scope ?? "").split(" ");
  const audienceOk = claims.aud === "https://cloudkms.googleapis.com/";
  if (!audienceOk && !scopes.some((scope) => /\/auth\/(cloudkms|cloud-platform)$/.test(scope))) {
    return unauthenticated("JWT carries neither the KMS audience nor a KMS scope");
  }
  return undefined;
}
