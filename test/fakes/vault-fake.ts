// A stand-in for Vault's transit secrets engine HTTP API (v1), just what the portal uses: create an ecdsa-p256
// key, read it (public keys per version), rotate it, sign with sha2-256. It checks what the client sends as Vault
// would: X-Vault-Token (and X-Vault-Namespace when one is set), the mount and paths, the sign body (base64 input,
// prehashed, marshaling_algorithm, key_version); mistakes get Vault's error shape ({"errors": [...]}). Every key
// version is a real P-256 key; a prehashed input is signed as the digest it is.
import { createHash } from "node:crypto";
import { type FakeRequest, type FakeResponse, header, startFakeHttpServer } from "./fake-http-server";
import { type FakeP256Key, newFakeP256Key } from "./fake-p256-key";

type FakeVaultKey = { name: string; versions: { key: FakeP256Key; createdAt: string }[] };

export type VaultFake = Awaited<ReturnType<typeof startVaultFake>>;

const vaultError = (status: number, ...errors: string[]): FakeResponse => ({ status, body: { errors } });

export async function startVaultFake(options: { token: string; namespace?: string; mount?: string }) {
  const mount = options.mount ?? "transit";
  const keys = new Map<string, FakeVaultKey>();
  /** sign bodies as received: what tests assert on */
  const signRequests: { name: string; path: string; body: Record<string, unknown> }[] = [];
  const state = {
    token: options.token,
    sealed: false,
    /** the next signature is made with the latest version, whatever key_version asked for */
    ignoreKeyVersionOnce: false,
  };

  const envelope = (data: unknown) => ({
    status: 200,
    body: {
      request_id: crypto.randomUUID(),
      lease_id: "",
      renewable: false,
      lease_duration: 0,
      data,
      wrap_info: null,
      warnings: null,
      auth: null,
    },
  });
  const keyInfo = (key: FakeVaultKey) =>
    envelope({
      name: key.name,
      type: "ecdsa-p256",
      latest_version: key.versions.length,
      min_available_version: 0,
      min_decryption_version: 1,
      min_encryption_version: 0,
      exportable: false,
      deletion_allowed: false,
      supports_signing: true,
      supports_encryption: false,
      keys: Object.fromEntries(
        key.versions.map((version, index) => [
          String(index + 1),
          { creation_time: version.createdAt, name: "P-256", public_key: version.key.publicKeyPem },
        ]),
      ),
    });
  const newVersion = () => ({ key: newFakeP256Key(), createdAt: new Date().toISOString() });

  const handle = (request: FakeRequest): FakeResponse => {
    if (state.sealed) return vaultError(503, "Vault is sealed");
    if (header(request, "x-vault-token") !== state.token) return vaultError(403, "permission denied");
    if (options.namespace && header(request, "x-vault-namespace") !== options.namespace) {
      return vaultError(403, "permission denied");
    }
    const prefix = `/v1/${mount}/`;
    if (!request.path.startsWith(prefix)) {
      return vaultError(404, `no handler for route "${request.path.slice(4)}". route entry not found.`);
    }
    const route = request.path.slice(prefix.length);
    let body: Record<string, unknown> = {};
    if (request.method === "POST") {
      try {
        body = JSON.parse(request.body.toString() || "{}") as Record<string, unknown>;
      } catch {
        return vaultError(400, "failed to parse JSON input");
      }
    }
    let match = /^keys\/([\w.-]+)$/.exec(route);
    if (match?.[1]) {
      const name = match[1];
      if (request.method === "GET") {
        const key = keys.get(name);
        return key ? keyInfo(key) : vaultError(404);
      }
      if (request.method === "POST") {
        if (body.type !== "ecdsa-p256") return vaultError(400, `unknown key type: ${String(body.type)}`);
        if (body.exportable === true) return vaultError(400, "this fake makes non-exportable keys only");
        const existing = keys.get(name);
        if (existing) return keyInfo(existing);
        const key = { name, versions: [newVersion()] };
        keys.set(name, key);
        return keyInfo(key);
      }
    }
    match = /^keys\/([\w.-]+)\/rotate$/.exec(route);
    if (match?.[1] && request.method === "POST") {
      const key = keys.get(match[1]);
      if (!key) return vaultError(400, "encryption key not found");
      key.versions.push(newVersion());
      return keyInfo(key);
    }
    match = /^sign\/([\w.-]+)\/([\w-]+)$/.exec(route);
    if (match?.[1] && request.method === "POST") {
      const [, name, hash] = match;
      signRequests.push({ name, path: request.path, body });
      if (hash !== "sha2-256") return vaultError(400, `unsupported hash algorithm ${hash}`);
      const key = keys.get(name);
      if (!key) return vaultError(400, "signing key not found");
      if (body.marshaling_algorithm !== "asn1") {
        return vaultError(
          400,
          `this fake answers marshaling_algorithm asn1 only, not ${String(body.marshaling_algorithm)}`,
        );
      }
      if (typeof body.input !== "string" || !/^[A-Za-z0-9+/]*={0,2}$/.test(body.input)) {
        return vaultError(400, "unable to decode input as base64: illegal base64 data");
      }
      const input = Buffer.from(body.input, "base64");
      const digest = body.prehashed === true ? input : createHash("sha256").update(input).digest();
      if (digest.length !== 32)
        return vaultError(400, `prehashed input must be 32 bytes for sha2-256, got ${digest.length}`);
      const latest = key.versions.length;
      const requested =
        typeof body.key_version === "number" && body.key_version > 0 ? body.key_version : latest;
      if (requested > latest)
        return vaultError(400, "requested version for signing is greater than the latest version");
      const version = state.ignoreKeyVersionOnce ? latest : requested;
      state.ignoreKeyVersionOnce = false;
      const signature = key.versions[version - 1]?.key.signDigest(digest);
      if (!signature) return vaultError(400, `version ${version} of ${name} is trimmed`);
      return envelope({
        signature: `vault:v${version}:${signature.toString("base64")}`,
        key_version: version,
      });
    }
    return vaultError(405, `unsupported operation ${request.method} ${request.path}`);
  };

  const server = await startFakeHttpServer(handle);
  return {
    url: server.url,
    requests: server.requests,
    signRequests,
    keys,
    state,
    close: server.close,
  };
}
