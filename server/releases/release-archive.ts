// The published bundle: a deterministic tar.gz of one folder "<product>-<version>/" holding the artifacts whose
// bytes were uploaded, SHA256SUMS, SHA256SUMS.sig and manifest.dsse, as registered. `sha256sum -c SHA256SUMS` and
// `openssl dgst -sha256 -verify` work on it unpacked. A release registered by digests only has no bytes here: its
// bundle holds the verification files alone, and SHA256SUMS names artifacts that live where CI put them.
// Being deterministic (fixed owner, modes and time, sorted entries, gzip without a name or time), the archive is
// never stored: it is rebuilt from the blob store for each download, and its SHA-256 stays what the publication
// record says. Artifact bytes are hashed again on the way out; a blob that no longer matches stops the stream.
import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { createGzip } from "node:zlib";
import { blobStore } from "../evidence/blob-store";
import { DomainError } from "../lib/domain-error";
import { type TarEntry, tarStream } from "../lib/tar-writer";
import { manifestBytes } from "./registered-bundle";

export type ArchiveSource = {
  product: string;
  version: string;
  checksums: string;
  checksumsSignature: string | null;
  manifestDsse: unknown | null;
  createdAt: Date;
  artifacts: readonly { path: string; sha256: string; size: number | bigint; stored: boolean }[];
};

export function archiveName(source: Pick<ArchiveSource, "product" | "version">): string {
  return `${source.product}-${source.version}.tar.gz`;
}

function bytesEntry(name: string, bytes: Buffer): TarEntry {
  return {
    name,
    size: bytes.length,
    content: async function* () {
      yield bytes;
    },
  };
}

function blobEntry(name: string, sha256: string, size: number): TarEntry {
  return {
    name,
    size,
    content: async function* () {
      const stream = await blobStore().open(sha256);
      if (!stream) {
        throw new DomainError("CONFLICT", `The bytes of ${name} are no longer in the blob store`, { sha256 });
      }
      const hash = createHash("sha256");
      for await (const chunk of stream) {
        hash.update(chunk);
        yield chunk;
      }
      if (hash.digest("hex") !== sha256) {
        throw new DomainError("CONFLICT", `The stored bytes of ${name} no longer match their SHA-256`, {
          sha256,
        });
      }
    },
  };
}

export function archiveEntries(source: ArchiveSource): TarEntry[] {
  const root = `${source.product}-${source.version}`;
  const entries: TarEntry[] = [bytesEntry(`${root}/SHA256SUMS`, Buffer.from(source.checksums, "utf8"))];
  if (source.checksumsSignature !== null) {
    entries.push(bytesEntry(`${root}/SHA256SUMS.sig`, Buffer.from(source.checksumsSignature, "base64")));
  }
  if (source.manifestDsse !== null && source.manifestDsse !== undefined) {
    entries.push(bytesEntry(`${root}/manifest.dsse`, manifestBytes(source.manifestDsse)));
  }
  for (const artifact of source.artifacts) {
    if (artifact.stored)
      entries.push(blobEntry(`${root}/${artifact.path}`, artifact.sha256, Number(artifact.size)));
  }
  return entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The archive's gzip bytes, streamed. */
export function archiveStream(source: ArchiveSource): Readable {
  const tar = Readable.from(tarStream(archiveEntries(source), { mtime: source.createdAt }));
  // level 9, no file name, no time: zlib writes the same header every time
  const gzip = createGzip({ level: 9 });
  tar.on("error", (error) => gzip.destroy(error));
  return tar.pipe(gzip);
}

/** SHA-256 and size of the archive, by building it once (nothing is kept). */
export async function measureArchive(source: ArchiveSource): Promise<{ sha256: string; size: number }> {
  const hash = createHash("sha256");
  let size = 0;
  for await (const chunk of archiveStream(source)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest("hex"), size };
}
