// A transparency log for tests: real RFC 6962 trees over entry bodies, checkpoints signed as Rekor signs them (DER
// ECDSA P-256 over the note text, key hash = SHA-256(SPKI)[:4], or Ed25519 as Go's checksum database), and Rekor's v1
// API on 127.0.0.1 (GET /api/v1/log, /api/v1/log/proof, /api/v1/log/entries). `fork()` makes a log that signs a
// different history with the same key: what a compromised or misbehaving log shows to one party.
import { generateKeyPairSync, type KeyObject, randomUUID, sign } from "node:crypto";
import { consistencyProof, inclusionProof, leafHash, merkleRoot } from "@/server/lib/merkle";
import { assembleSignedNote, noteKeyFromPublicKey, signatureLine, vkeyOf } from "@/server/lib/signed-note";
import { formatCheckpointText, timestampLine } from "@/server/lib/tlog-checkpoint";
import { type FakeHttpServer, startFakeHttpServer } from "./fake-http-server";

export type FakeLogKey = {
  name: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  algorithm: "ecdsa" | "ed25519";
};

export function newFakeLogKey(name: string, algorithm: "ecdsa" | "ed25519" = "ecdsa"): FakeLogKey {
  const { privateKey, publicKey } =
    algorithm === "ecdsa"
      ? generateKeyPairSync("ec", { namedCurve: "P-256" })
      : generateKeyPairSync("ed25519");
  return { name, privateKey, publicKey, algorithm };
}

export class FakeTransparencyLog {
  readonly bodies: Buffer[] = [];

  constructor(
    readonly origin: string,
    readonly key: FakeLogKey,
  ) {}

  get pem(): string {
    return this.key.publicKey.export({ type: "spki", format: "pem" }).toString();
  }

  get vkey(): string {
    const made = noteKeyFromPublicKey(this.key.name, this.key.publicKey);
    if (!made.ok) throw new Error(made.reason);
    return vkeyOf(made.key);
  }

  append(count: number, label = "entry"): this {
    for (let i = 0; i < count; i += 1) {
      this.bodies.push(
        Buffer.from(
          JSON.stringify({
            apiVersion: "0.0.1",
            kind: "hashedrekord",
            spec: { label, n: this.bodies.length },
          }),
        ),
      );
    }
    return this;
  }

  /** A log that shares the first `keep` entries and then records something else, signing with the same key. */
  fork(keep: number): FakeTransparencyLog {
    const other = new FakeTransparencyLog(this.origin, this.key);
    other.bodies.push(...this.bodies.slice(0, keep));
    return other;
  }

  private leaves(size: number): Buffer[] {
    return this.bodies.slice(0, size).map((body) => leafHash(body));
  }

  get size(): number {
    return this.bodies.length;
  }

  root(size = this.size): Buffer {
    return merkleRoot(this.leaves(size));
  }

  checkpoint(size = this.size, at = new Date("2026-11-30T12:00:00Z"), signer: FakeLogKey = this.key): string {
    const text = formatCheckpointText({
      origin: this.origin,
      treeSize: size,
      rootHash: this.root(size),
      extensions: [timestampLine(at)],
    });
    const made = noteKeyFromPublicKey(signer.name, signer.publicKey);
    if (!made.ok) throw new Error(made.reason);
    const signature =
      signer.algorithm === "ecdsa"
        ? sign("sha256", Buffer.from(text), signer.privateKey)
        : sign(null, Buffer.from(text), signer.privateKey);
    return assembleSignedNote(text, [signatureLine(signer.name, made.key.keyHash, signature)]);
  }

  consistency(size1: number, size2: number): string[] {
    return consistencyProof(this.leaves(size2), size1).map((hash) => hash.toString("hex"));
  }

  inclusion(index: number, size = this.size): string[] {
    return inclusionProof(this.leaves(size), index).map((hash) => hash.toString("hex"));
  }

  /** An entry in Rekor's API shape, with its proof against the tree of `size`. */
  rekorEntry(index: number, size = this.size): Record<string, unknown> {
    return {
      [randomUUID().replaceAll("-", "")]: {
        body: this.bodies[index]?.toString("base64"),
        integratedTime: 1_796_040_000,
        logID: "fake",
        logIndex: index,
        verification: {
          inclusionProof: {
            logIndex: index,
            treeSize: size,
            rootHash: this.root(size).toString("hex"),
            hashes: this.inclusion(index, size),
            checkpoint: this.checkpoint(size),
          },
        },
      },
    };
  }
}

/** Serves whichever log `current()` returns, so a test can switch the server to a fork mid-way. */
export async function serveFakeLog(current: () => FakeTransparencyLog): Promise<FakeHttpServer> {
  return startFakeHttpServer((request) => {
    const log = current();
    if (request.method !== "GET") return { status: 405 };
    if (request.path === "/api/v1/log") {
      return {
        status: 200,
        body: {
          rootHash: log.root().toString("hex"),
          signedTreeHead: log.checkpoint(),
          treeSize: log.size,
          treeID: "1",
        },
      };
    }
    if (request.path === "/api/v1/log/proof") {
      const size1 = Number(request.query.get("firstSize"));
      const size2 = Number(request.query.get("lastSize"));
      if (!(size1 >= 1 && size2 >= size1 && size2 <= log.size))
        return { status: 400, body: { message: "bad sizes" } };
      return {
        status: 200,
        body: { rootHash: log.root(size2).toString("hex"), hashes: log.consistency(size1, size2) },
      };
    }
    if (request.path === "/api/v1/log/entries") {
      const index = Number(request.query.get("logIndex"));
      if (!(index >= 0 && index < log.size)) return { status: 404, body: { message: "no such entry" } };
      return { status: 200, body: log.rekorEntry(index) };
    }
    return { status: 404 };
  });
}
