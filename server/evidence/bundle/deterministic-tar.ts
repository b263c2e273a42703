// A deterministic tar.gz writer: the same entries give the same bytes, wherever and whenever they are packed.
// - POSIX ustar headers only (no pax records, which would carry times), entries sorted by the bytes of their path,
//   every parent directory present once as its own entry;
// - fixed metadata: mtime 0, uid/gid 0, uname/gname "root", mode 0644 for files and 0755 for directories;
// - two zero blocks at the end, padded to a whole 10240-byte record as GNU tar writes it;
// - gzip with no file name, mtime 0 and the OS byte set to 255 ("unknown"), so neither the clock nor the platform
//   of the machine that packed it ends up in the header. The deflate stream itself is zlib's at one fixed level:
//   the same portal version on any machine gives the same archive.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { constants, createGzip } from "node:zlib";

export type TarFile = { path: string; bytes: Uint8Array };

const BLOCK = 512;
const RECORD = 20 * BLOCK;
const GZIP_LEVEL = 6;

export class TarPathError extends Error {
  override readonly name = "TarPathError";
}

function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

function checkPath(path: string): void {
  const parts = path.split("/");
  if (
    path === "" ||
    path.startsWith("/") ||
    parts.some((part) => part === "" || part === "." || part === "..")
  ) {
    throw new TarPathError(`"${path}" is not a relative path inside the archive`);
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\u0000-\u001f\u007f\\]/.test(path))
    throw new TarPathError(`"${path}" holds a control character or backslash`);
}

/**
 * ustar keeps a path in name (100 bytes) and prefix (155 bytes), split at a slash; a directory's name ends in "/"
 * (the suffix), which must stay in the name field.
 */
function splitPath(path: string, suffix: string): { name: Buffer; prefix: Buffer } {
  const bytes = Buffer.from(path, "utf8");
  const tail = Buffer.from(suffix, "utf8");
  if (bytes.length + tail.length <= 100)
    return { name: Buffer.concat([bytes, tail]), prefix: Buffer.alloc(0) };
  for (let index = bytes.length - 1; index > 0; index -= 1) {
    if (bytes[index] !== 0x2f) continue;
    const prefix = bytes.subarray(0, index);
    const name = Buffer.concat([bytes.subarray(index + 1), tail]);
    if (prefix.length <= 155 && name.length <= 100) return { name, prefix };
  }
  throw new TarPathError(`"${path}" is too long for a ustar header`);
}

function octal(value: number, width: number): string {
  const text = value.toString(8);
  if (text.length > width - 1) throw new TarPathError(`${value} does not fit a ${width}-byte tar field`);
  return `${text.padStart(width - 1, "0")}\0`;
}

function header(path: string, type: "file" | "directory", size: number): Buffer {
  const block = Buffer.alloc(BLOCK, 0);
  const { name, prefix } = splitPath(path, type === "directory" ? "/" : "");
  name.copy(block, 0);
  block.write(octal(type === "directory" ? 0o755 : 0o644, 8), 100, "ascii");
  block.write(octal(0, 8), 108, "ascii");
  block.write(octal(0, 8), 116, "ascii");
  block.write(octal(size, 12), 124, "ascii");
  block.write(octal(0, 12), 136, "ascii");
  block.fill(0x20, 148, 156);
  block.write(type === "directory" ? "5" : "0", 156, "ascii");
  block.write("ustar\0", 257, "ascii");
  block.write("00", 263, "ascii");
  block.write("root", 265, "ascii");
  block.write("root", 297, "ascii");
  block.write(octal(0, 8), 329, "ascii");
  block.write(octal(0, 8), 337, "ascii");
  prefix.copy(block, 345);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, "ascii");
  return block;
}

/**
 * The tar stream as a list of chunks (headers, file bytes, padding): file bytes are not copied, so a bundle of
 * large blobs is packed without holding a second copy of them.
 */
export function tarChunks(files: readonly TarFile[], emptyDirectories: readonly string[] = []): Buffer[] {
  const seen = new Set<string>();
  const directories = new Set<string>();
  for (const directory of emptyDirectories) {
    checkPath(directory);
    const parts = directory.split("/");
    for (let depth = 1; depth <= parts.length; depth += 1) directories.add(parts.slice(0, depth).join("/"));
  }
  for (const file of files) {
    checkPath(file.path);
    if (seen.has(file.path)) throw new TarPathError(`"${file.path}" is in the archive twice`);
    seen.add(file.path);
    const parts = file.path.split("/");
    for (let depth = 1; depth < parts.length; depth += 1) directories.add(parts.slice(0, depth).join("/"));
  }
  for (const directory of directories) {
    if (seen.has(directory)) throw new TarPathError(`"${directory}" is both a file and a directory`);
  }
  const entries = [
    ...[...directories].map((path) => ({ path, sortKey: `${path}/`, file: null })),
    ...files.map((file) => ({ path: file.path, sortKey: file.path, file })),
  ].sort((a, b) => compareBytes(a.sortKey, b.sortKey));

  const chunks: Buffer[] = [];
  let length = 0;
  const push = (chunk: Buffer) => {
    chunks.push(chunk);
    length += chunk.length;
  };
  for (const entry of entries) {
    if (!entry.file) {
      push(header(entry.path, "directory", 0));
      continue;
    }
    const bytes = Buffer.from(
      entry.file.bytes.buffer,
      entry.file.bytes.byteOffset,
      entry.file.bytes.byteLength,
    );
    push(header(entry.path, "file", bytes.length));
    if (bytes.length > 0) push(bytes);
    const padding = (BLOCK - (bytes.length % BLOCK)) % BLOCK;
    if (padding > 0) push(Buffer.alloc(padding, 0));
  }
  push(Buffer.alloc(2 * BLOCK, 0));
  const tail = (RECORD - (length % RECORD)) % RECORD;
  if (tail > 0) push(Buffer.alloc(tail, 0));
  return chunks;
}

export function tarBytes(files: readonly TarFile[], emptyDirectories: readonly string[] = []): Buffer {
  return Buffer.concat(tarChunks(files, emptyDirectories));
}

/** gzip with a header that says nothing about when or where: mtime 0, no name, OS 255. */
export async function deterministicGzip(chunks: readonly Uint8Array[]): Promise<Buffer> {
  const output: Buffer[] = [];
  await pipeline(
    Readable.from(chunks),
    createGzip({ level: GZIP_LEVEL, strategy: constants.Z_DEFAULT_STRATEGY }),
    async (compressed: AsyncIterable<Buffer>) => {
      for await (const chunk of compressed) output.push(chunk);
    },
  );
  const gzip = Buffer.concat(output);
  // RFC 1952: ID1 ID2 CM FLG MTIME(4) XFL OS. zlib writes no name and mtime 0; the OS byte is its build platform's.
  if (gzip[3] !== 0) throw new Error("unexpected gzip header flags");
  gzip.writeUInt32LE(0, 4);
  gzip[9] = 0xff;
  return gzip;
}

/** `emptyDirectories`: directories to include even when no file is in them (a layout's reserved folders). */
export async function deterministicTarGz(
  files: readonly TarFile[],
  emptyDirectories: readonly string[] = [],
): Promise<Buffer> {
  return deterministicGzip(tarChunks(files, emptyDirectories));
}
