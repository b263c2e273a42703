// Registering and verifying a release through the real REST handler, with every artifact's bytes uploaded as
// multipart and streamed into the blob store, against `sha256sum` over the same files in the same run: the
// floor for "read every byte and hash it". The gap is the multipart parsing, the write to disk, the key registry
// and verifier, and the database transaction.
import { spawnSync } from "node:child_process";
import { generateKeyPairSync, randomBytes, sign } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createApiToken } from "../server/api-tokens/create-api-token";
import { SYSTEM_ACTOR } from "../server/audit/events";
import { createFileBlobStore, installBlobStore } from "../server/evidence/blob-store";
import { systemClock } from "../server/lib/clock";
import { releaseApi } from "../server/releases/rest-api";
import { installSigningBackend } from "../server/signing/backends";
import { createSoftwareBackend } from "../server/signing/backends/software";
import { createSigningKey } from "../server/signing/keys/create-signing-key";
import type { BenchDatabase } from "./bench-database";
import { timed } from "./measure";

export type RegistrationBenchResult = {
  files: number;
  totalBytes: number;
  registerMs: number;
  sha256sumMs: number;
  verificationStatus: string;
};

function writeArtifacts(dir: string, files: number, bytesPerFile: number): string[] {
  const names: string[] = [];
  const block = randomBytes(1024 * 1024);
  for (let index = 0; index < files; index += 1) {
    const name = `artifact-${String(index).padStart(4, "0")}.bin`;
    const handle = fs.openSync(path.join(dir, name), "w");
    // distinct files (their first bytes differ), written fast from one random block
    fs.writeSync(handle, randomBytes(64));
    for (let written = 64; written < bytesPerFile; written += block.length) {
      fs.writeSync(handle, block, 0, Math.min(block.length, bytesPerFile - written));
    }
    fs.closeSync(handle);
    names.push(name);
  }
  return names;
}

export async function measureReleaseRegistration(
  db: BenchDatabase,
  options: { files: number; bytesPerFile: number },
): Promise<RegistrationBenchResult> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "bench-release-"));
  const restoreBlobs = installBlobStore(createFileBlobStore(path.join(work, "blobs")));
  const keyDir = path.join(work, "keys");
  fs.mkdirSync(keyDir);
  const restoreBackend = installSigningBackend(createSoftwareBackend({ kek: randomBytes(32), keyDir }));
  try {
    const dir = path.join(work, "bundle");
    fs.mkdirSync(dir);
    const names = writeArtifacts(dir, options.files, options.bytesPerFile);

    // the baseline: what CI runs to write SHA256SUMS, over the same files, in the same run
    const baseline = await timed(async () => spawnSync("sha256sum", names, { cwd: dir, maxBuffer: 1 << 26 }));
    if (baseline.value.status !== 0) throw new Error(`sha256sum failed: ${baseline.value.stderr}`);
    const checksums = baseline.value.stdout;

    // CI's release key, registered from its key file, signs SHA256SUMS as `openssl dgst -sha256 -sign` would
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    fs.writeFileSync(path.join(keyDir, "ci.pem"), privateKey.export({ type: "pkcs8", format: "pem" }));
    await db.prisma.$transaction((tx) =>
      createSigningKey(tx, {
        purpose: "release",
        backend: "software",
        keyFile: "ci.pem",
        actor: SYSTEM_ACTOR,
        clock: systemClock,
      }),
    );
    const signature = sign("sha256", checksums, privateKey);
    const admin = await db.prisma.user.create({
      data: { email: `bench-${Date.now()}@bench.local`, name: "Bench Admin", roles: ["ADMIN"] },
      select: { id: true, name: true, roles: true },
    });
    const { token } = await createApiToken(db.prisma, {
      actor: admin,
      clock: systemClock,
      input: { name: "bench pipeline", scopes: ["release:register"], expiresInDays: 1 },
    });
    const api = releaseApi({
      prisma: async () => db.prisma,
      clock: systemClock,
      limits: () => ({ maxBytes: 16 * 1024 ** 3 }),
      webhook: () => undefined,
    });

    const form = new FormData();
    form.append("product", "bench");
    form.append("version", "1.0.0");
    form.append("sourceCommit", "0".repeat(40));
    form.append("ciRunId", "bench");
    form.append("SHA256SUMS", new Blob([new Uint8Array(checksums)]), "SHA256SUMS");
    form.append("SHA256SUMS.sig", new Blob([new Uint8Array(signature)]), "SHA256SUMS.sig");
    // file-backed blobs: FormData reads them from disk as the body streams, like curl -F @file
    for (const name of names) form.append("artifact", await fs.openAsBlob(path.join(dir, name)), name);
    const request = new Request("http://localhost/api/v1/releases", {
      method: "POST",
      headers: { authorization: `Bearer ${token}` },
      body: form,
    });
    const registered = await timed(async () => {
      const response = await api.register(request);
      const body = (await response.json()) as { release?: { verificationStatus: string }; error?: unknown };
      if (response.status !== 201 || !body.release)
        throw new Error(`registration failed: ${JSON.stringify(body)}`);
      return body.release.verificationStatus;
    });
    return {
      files: options.files,
      totalBytes: options.files * options.bytesPerFile,
      registerMs: registered.ms,
      sha256sumMs: baseline.ms,
      verificationStatus: registered.value,
    };
  } finally {
    restoreBackend();
    restoreBlobs();
    fs.rmSync(work, { recursive: true, force: true });
  }
}
