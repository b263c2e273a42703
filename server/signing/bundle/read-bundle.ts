// Reads a release bundle (a directory, a .tar or a .tar.gz) into what verification needs: every file's size and
// SHA-256 (hashed while streaming, never held in memory) and the bytes of the few small verification files. A
// bundle packed as one top-level folder ("portal-1.2.0/SHA256SUMS") is read relative to that folder.
import { createHash, type Hash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { createGunzip } from "node:zlib";
import { normaliseBundlePath } from "./sha256sums";
import { readTar, TarFormatError } from "./tar-reader";

export const CHECKSUMS_FILE = "SHA256SUMS";
export const CHECKSUMS_SIGNATURE_FILE = "SHA256SUMS.sig";
export const MANIFEST_FILE = "manifest.dsse";
/** a public key shipped in the bundle: not trusted, only a hint of which key signed */
export const KEY_HINT_FILES = ["public-key.pem", "SHA256SUMS.pub", "cosign.pub"] as const;
const METADATA_NAMES = new Set<string>([
  CHECKSUMS_FILE,
  CHECKSUMS_SIGNATURE_FILE,
  MANIFEST_FILE,
  ...KEY_HINT_FILES,
]);
const METADATA_LIMIT = 8 * 1024 * 1024;
const MAX_ENTRIES = 200_000;

export type BundleSourceKind = "directory" | "tar" | "tar.gz";
export type BundleFile = { name: string; size: number; sha256: string };

export type BundleContents = {
  source: { kind: BundleSourceKind; name: string };
  files: Map<string, BundleFile>;
  /** bytes of the verification files (SHA256SUMS, its signature, manifest.dsse, key hints), by bundle path */
  metadata: Map<string, Buffer>;
  problems: string[];
};

type Collector = {
  add: (name: string) => { hash: Hash; chunks: Buffer[] | null; size: number } | null;
  problems: string[];
};

export type ReadBundleOptions = {
  /** keep the bytes of these entries too (besides the verification files), e.g. a manifest or key files */
  keep?: (name: string) => boolean;
};

function collector(options: ReadBundleOptions): Collector & {
  entries: Map<string, { hash: Hash; chunks: Buffer[] | null; size: number }>;
} {
  const entries = new Map<string, { hash: Hash; chunks: Buffer[] | null; size: number }>();
  const problems: string[] = [];
  return {
    entries,
    problems,
    add(rawName) {
      const name = normaliseBundlePath(rawName);
      if (!name) {
        problems.push(`entry ${JSON.stringify(rawName)} points outside the bundle; not read`);
        return null;
      }
      if (entries.has(name)) {
        problems.push(`${name} appears twice in the bundle`);
        return null;
      }
      if (entries.size >= MAX_ENTRIES) {
        if (entries.size === MAX_ENTRIES)
          problems.push(`more than ${MAX_ENTRIES} files; the rest were not read`);
        return null;
      }
      const entry = {
        hash: createHash("sha256"),
        chunks: METADATA_NAMES.has(path.posix.basename(name)) || options.keep?.(name) ? [] : null,
        size: 0,
      };
      entries.set(name, entry);
      return entry;
    },
  };
}

function sinkFor(entry: { hash: Hash; chunks: Buffer[] | null; size: number }) {
  return {
    write: (chunk: Buffer) => {
      entry.hash.update(chunk);
      entry.size += chunk.length;
      if (entry.chunks) {
        if (entry.size > METADATA_LIMIT) entry.chunks = null;
        else entry.chunks.push(Buffer.from(chunk));
      }
    },
    end: () => undefined,
  };
}

async function readDirectory(root: string, into: ReturnType<typeof collector>): Promise<void> {
  const walk = async (relative: string): Promise<void> => {
    const entries = await fs.promises.readdir(path.join(root, relative), { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const name = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(name);
      else if (entry.isFile()) {
        const target = into.add(name);
        if (!target) continue;
        const sink = sinkFor(target);
        for await (const chunk of fs.createReadStream(path.join(root, name))) sink.write(chunk as Buffer);
      } else into.problems.push(`${name} is not a regular file (link or device); not read`);
    }
  };
  await walk("");
}

async function readArchive(
  file: string,
  gzipped: boolean,
  into: ReturnType<typeof collector>,
): Promise<void> {
  const raw = fs.createReadStream(file);
  const stream = gzipped ? raw.pipe(createGunzip()) : raw;
  raw.on("error", (error) => stream.destroy(error));
  await readTar(stream, (header) => {
    if (header.type === "directory") return null;
    if (header.type !== "file") {
      into.problems.push(`${header.name} is a ${header.type} in the archive; not read`);
      return null;
    }
    const target = into.add(header.name);
    return target ? sinkFor(target) : null;
  });
}

async function detectKind(file: string): Promise<BundleSourceKind | null> {
  const stat = await fs.promises.stat(file);
  if (stat.isDirectory()) return "directory";
  if (!stat.isFile()) return null;
  const handle = await fs.promises.open(file, "r");
  try {
    const head = Buffer.alloc(512);
    const { bytesRead } = await handle.read(head, 0, 512, 0);
    if (bytesRead >= 2 && head[0] === 0x1f && head[1] === 0x8b) return "tar.gz";
    if (bytesRead === 512 && head.subarray(257, 262).toString("ascii") === "ustar") return "tar";
    return null;
  } finally {
    await handle.close();
  }
}

/** "portal-1.2.0/x" -> "x" when everything sits in one folder and SHA256SUMS or manifest.dsse is in it. */
function stripCommonFolder(names: string[]): (name: string) => string {
  const first = names[0]?.split("/")[0];
  const single = first !== undefined && names.every((name) => name.startsWith(`${first}/`));
  const hasMarker = names.some(
    (name) => name === `${first}/${CHECKSUMS_FILE}` || name === `${first}/${MANIFEST_FILE}`,
  );
  return single && hasMarker ? (name) => name.slice((first?.length ?? 0) + 1) : (name) => name;
}

export async function readBundle(
  inputPath: string,
  options: ReadBundleOptions = {},
): Promise<BundleContents> {
  const name = path.basename(inputPath);
  const empty = (kind: BundleSourceKind, problem: string): BundleContents => ({
    source: { kind, name },
    files: new Map(),
    metadata: new Map(),
    problems: [problem],
  });
  let kind: BundleSourceKind | null;
  try {
    kind = await detectKind(inputPath);
  } catch {
    return empty("directory", `${name} cannot be read`);
  }
  if (!kind)
    return empty("tar", `${name} is neither a directory, a tar archive nor a gzip-compressed tar archive`);
  const into = collector(options);
  try {
    if (kind === "directory") await readDirectory(inputPath, into);
    else await readArchive(inputPath, kind === "tar.gz", into);
  } catch (error) {
    const reason =
      error instanceof TarFormatError
        ? error.message
        : (error as NodeJS.ErrnoException).code === "Z_DATA_ERROR"
          ? "the gzip data is corrupt"
          : `reading failed (${(error as Error).message})`;
    return { ...empty(kind, `${name}: ${reason}`), problems: [...into.problems, `${name}: ${reason}`] };
  }
  const strip = stripCommonFolder([...into.entries.keys()]);
  const files = new Map<string, BundleFile>();
  const metadata = new Map<string, Buffer>();
  for (const [entryName, entry] of into.entries) {
    const relative = strip(entryName);
    files.set(relative, { name: relative, size: entry.size, sha256: entry.hash.digest("hex") });
    if (entry.chunks) metadata.set(relative, Buffer.concat(entry.chunks));
  }
  return { source: { kind, name }, files, metadata, problems: into.problems };
}
