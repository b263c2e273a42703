// A streaming reader for tar archives (POSIX ustar, pax extended headers, GNU long names), enough to verify a
// release bundle without unpacking it: each entry's bytes go to a sink as they arrive, so a multi-gigabyte image
// is hashed in constant memory. Nothing is written to disk, so hostile names cannot escape anywhere; they are
// reported by the caller instead.
const BLOCK = 512;

export type TarEntryType = "file" | "directory" | "symlink" | "hardlink" | "other";

export type TarEntryHeader = { name: string; type: TarEntryType; size: number; linkName: string | null };

export type TarSink = { write: (chunk: Buffer) => void; end: () => void };

export class TarFormatError extends Error {
  override readonly name = "TarFormatError";
}

function cString(block: Buffer, start: number, length: number): string {
  const field = block.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.subarray(0, end === -1 ? field.length : end).toString("utf8");
}

function octal(block: Buffer, start: number, length: number, what: string): number {
  const field = block.subarray(start, start + length);
  // GNU base-256 for sizes of 8 GiB and more: high bit set, big-endian value in the remaining bytes
  if ((field[0] ?? 0) & 0x80) {
    let value = (field[0] ?? 0) & 0x7f;
    for (const byte of field.subarray(1)) value = value * 256 + byte;
    if (!Number.isSafeInteger(value)) throw new TarFormatError(`${what} is too large`);
    return value;
  }
  const text = field.toString("ascii").replace(/\0.*$/s, "").trim();
  if (text === "") return 0;
  if (!/^[0-7]+$/.test(text)) throw new TarFormatError(`${what} is not an octal number`);
  return Number.parseInt(text, 8);
}

function checksumOk(block: Buffer): boolean {
  const stored = octal(block, 148, 8, "header checksum");
  let sum = 0;
  for (let index = 0; index < BLOCK; index += 1) {
    sum += index >= 148 && index < 156 ? 0x20 : (block[index] ?? 0);
  }
  return sum === stored;
}

function typeOf(flag: string): TarEntryType {
  switch (flag) {
    case "0":
    case "\0":
    case "":
    case "7":
      return "file";
    case "5":
      return "directory";
    case "2":
      return "symlink";
    case "1":
      return "hardlink";
    default:
      return "other";
  }
}

/** pax records: "<length> <key>=<value>\n" */
function parsePax(body: Buffer): Map<string, string> {
  const records = new Map<string, string>();
  let offset = 0;
  while (offset < body.length) {
    const space = body.indexOf(0x20, offset);
    if (space === -1) break;
    const length = Number.parseInt(body.subarray(offset, space).toString("ascii"), 10);
    if (!Number.isInteger(length) || length <= 0 || offset + length > body.length) {
      throw new TarFormatError("malformed pax extended header");
    }
    const record = body.subarray(space + 1, offset + length - 1).toString("utf8");
    const equals = record.indexOf("=");
    if (equals > 0) records.set(record.slice(0, equals), record.slice(equals + 1));
    offset += length;
  }
  return records;
}

type State =
  | { kind: "header" }
  | { kind: "body"; remaining: number; padding: number; sink: TarSink | null }
  | { kind: "skip"; remaining: number }
  | { kind: "end" };

const META_LIMIT = 1024 * 1024;

/**
 * Reads the archive and calls `onEntry` for each entry; its returned sink (or null to skip) receives the entry's
 * bytes. Throws TarFormatError on a corrupt or truncated archive.
 */
export async function readTar(
  source: AsyncIterable<Buffer | Uint8Array | string>,
  onEntry: (header: TarEntryHeader) => TarSink | null,
): Promise<void> {
  // changed by the helpers below too (a plain `let` would be narrowed by TypeScript as if it were not)
  let state = { kind: "header" } as State;
  let pending: Buffer = Buffer.alloc(0);
  let zeroBlocks = 0;
  let sawEntry = false;
  // what the pax / GNU headers before an entry say about it
  let nextName: string | null = null;
  let nextLink: string | null = null;
  let nextSize: number | null = null;

  const collect = (limit: number, done: (body: Buffer) => void): TarSink => {
    const parts: Buffer[] = [];
    let size = 0;
    return {
      write: (chunk) => {
        size += chunk.length;
        if (size > limit) throw new TarFormatError("an extended header is too large");
        parts.push(Buffer.from(chunk));
      },
      end: () => done(Buffer.concat(parts)),
    };
  };

  const startEntry = (block: Buffer) => {
    if (!checksumOk(block)) throw new TarFormatError("a header's checksum does not match (corrupt archive)");
    const flag = String.fromCharCode(block[156] ?? 0);
    const ustar = block.subarray(257, 262).toString("ascii") === "ustar";
    const prefix = ustar ? cString(block, 345, 155) : "";
    const rawName = cString(block, 0, 100);
    const size = nextSize ?? octal(block, 124, 12, "entry size");
    const padding = (BLOCK - (size % BLOCK)) % BLOCK;
    const meta = (done: (body: Buffer) => void) => {
      state = { kind: "body", remaining: size, padding, sink: collect(META_LIMIT, done) };
    };
    switch (flag) {
      case "x":
        return meta((body) => {
          const records = parsePax(body);
          nextName = records.get("path") ?? nextName;
          nextLink = records.get("linkpath") ?? nextLink;
          const paxSize = records.get("size");
          if (paxSize !== undefined) {
            if (!/^\d+$/.test(paxSize)) throw new TarFormatError("malformed pax size");
            nextSize = Number(paxSize);
          }
        });
      case "g":
        // global pax headers set defaults (times, owners) that verification does not use
        return meta(() => undefined);
      case "L":
        return meta((body) => {
          nextName = body.toString("utf8").replace(/\0+$/, "");
        });
      case "K":
        return meta((body) => {
          nextLink = body.toString("utf8").replace(/\0+$/, "");
        });
    }
    const header: TarEntryHeader = {
      name: nextName ?? (prefix ? `${prefix}/${rawName}` : rawName),
      type: typeOf(flag),
      size,
      linkName: nextLink ?? (cString(block, 157, 100) || null),
    };
    nextName = null;
    nextLink = null;
    nextSize = null;
    sawEntry = true;
    const sink = onEntry(header);
    // directories and links carry no data even when a size is written
    const dataSize = header.type === "file" || header.type === "other" ? size : 0;
    state = { kind: "body", remaining: dataSize, padding: (BLOCK - (dataSize % BLOCK)) % BLOCK, sink };
    if (dataSize === 0) finishBody();
  };

  const finishBody = () => {
    if (state.kind !== "body") return;
    state.sink?.end();
    state = state.padding > 0 ? { kind: "skip", remaining: state.padding } : { kind: "header" };
  };

  for await (const input of source) {
    const chunk = typeof input === "string" ? Buffer.from(input) : Buffer.from(input);
    pending = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
    let offset = 0;
    while (offset < pending.length) {
      if (state.kind === "end") {
        offset = pending.length;
        break;
      }
      if (state.kind === "body") {
        const take = Math.min(state.remaining, pending.length - offset);
        if (take > 0) state.sink?.write(pending.subarray(offset, offset + take));
        offset += take;
        state.remaining -= take;
        if (state.remaining === 0) finishBody();
        continue;
      }
      if (state.kind === "skip") {
        const take = Math.min(state.remaining, pending.length - offset);
        offset += take;
        state.remaining -= take;
        if (state.remaining === 0) state = { kind: "header" };
        continue;
      }
      if (pending.length - offset < BLOCK) break;
      const block = pending.subarray(offset, offset + BLOCK);
      offset += BLOCK;
      if (block.every((byte) => byte === 0)) {
        zeroBlocks += 1;
        if (zeroBlocks >= 2) state = { kind: "end" };
        continue;
      }
      if (zeroBlocks > 0) throw new TarFormatError("data after an end-of-archive block");
      startEntry(block);
    }
    pending = pending.subarray(offset);
  }
  // a missing end-of-archive marker is tolerated (some writers omit it); a cut entry or header is not
  if (state.kind === "body" || state.kind === "skip" || (state.kind === "header" && pending.length > 0)) {
    throw new TarFormatError("the archive is truncated");
  }
  if (!sawEntry && zeroBlocks === 0) throw new TarFormatError("not a tar archive (empty)");
}
