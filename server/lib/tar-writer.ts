// A deterministic tar writer (POSIX ustar, with a pax extended header for names or sizes ustar cannot hold):
// the same entries give the same bytes on every machine, so an archive's SHA-256 can be recorded once and checked
// by anyone who downloads it later. Owner, group and permissions are fixed, the modification time is the caller's,
// entries come in the caller's order (sort them), and entry bytes are streamed, never held whole.
const BLOCK = 512;
const USTAR_NAME = 100;
const USTAR_PREFIX = 155;
// the largest size an 11-digit octal field holds (8 GiB - 1)
const USTAR_MAX_SIZE = 0o77777777777;

export type TarEntry = {
  /** the path inside the archive, "/"-separated, relative */
  name: string;
  size: number;
  /** the bytes, streamed; exactly `size` of them, or the archive is refused mid-way */
  content: () => AsyncIterable<Uint8Array>;
};

function octal(value: number, width: number): string {
  return `${value.toString(8).padStart(width - 1, "0")}\0`;
}

/** Splits a long name at a "/" into ustar's prefix and name fields, if it fits at all. */
function splitName(name: string): { prefix: string; name: string } | null {
  const bytes = Buffer.byteLength(name);
  if (bytes <= USTAR_NAME) return { prefix: "", name };
  for (let index = name.indexOf("/"); index !== -1; index = name.indexOf("/", index + 1)) {
    const prefix = name.slice(0, index);
    const rest = name.slice(index + 1);
    if (Buffer.byteLength(prefix) <= USTAR_PREFIX && Buffer.byteLength(rest) <= USTAR_NAME && rest !== "") {
      return { prefix, name: rest };
    }
  }
  return null;
}

function header(input: {
  name: string;
  prefix: string;
  size: number;
  type: "0" | "x";
  mtime: number;
}): Buffer {
  const block = Buffer.alloc(BLOCK);
  block.write(input.name, 0, USTAR_NAME, "utf8");
  block.write(octal(0o644, 8), 100, "ascii");
  block.write(octal(0, 8), 108, "ascii");
  block.write(octal(0, 8), 116, "ascii");
  block.write(octal(input.size, 12), 124, "ascii");
  block.write(octal(input.mtime, 12), 136, "ascii");
  block.write("        ", 148, "ascii");
  block.write(input.type, 156, "ascii");
  block.write("ustar\0", 257, "ascii");
  block.write("00", 263, "ascii");
  block.write(input.prefix, 345, USTAR_PREFIX, "utf8");
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148, "ascii");
  return block;
}

/** A pax record "<length> <key>=<value>\n", where the length counts the whole record, itself included. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let length = Buffer.byteLength(body) + 1;
  while (String(length).length + Buffer.byteLength(body) !== length) length += 1;
  return `${length}${body}`;
}

const padding = (size: number) => Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);

export async function* tarStream(
  entries: readonly TarEntry[],
  options: { mtime: Date },
): AsyncGenerator<Buffer> {
  const mtime = Math.floor(options.mtime.getTime() / 1000);
  for (const entry of entries) {
    const split = splitName(entry.name);
    const records = [
      ...(split ? [] : [paxRecord("path", entry.name)]),
      ...(entry.size > USTAR_MAX_SIZE ? [paxRecord("size", String(entry.size))] : []),
    ];
    if (records.length > 0) {
      const pax = Buffer.from(records.join(""), "utf8");
      const paxName = `PaxHeaders/${entry.name.split("/").at(-1)?.slice(0, 80) ?? "entry"}`;
      yield header({ name: paxName, prefix: "", size: pax.length, type: "x", mtime });
      yield Buffer.concat([pax, padding(pax.length)]);
    }
    const fallback = { prefix: "", name: Buffer.from(entry.name).subarray(0, USTAR_NAME).toString("utf8") };
    const fields = split ?? fallback;
    yield header({
      name: fields.name,
      prefix: fields.prefix,
      size: entry.size > USTAR_MAX_SIZE ? 0 : entry.size,
      type: "0",
      mtime,
    });
    let written = 0;
    for await (const chunk of entry.content()) {
      written += chunk.length;
      if (written > entry.size) throw new Error(`${entry.name}: more bytes than its size of ${entry.size}`);
      yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    }
    if (written !== entry.size) throw new Error(`${entry.name}: ${written} bytes, not ${entry.size}`);
    yield padding(entry.size);
  }
  yield Buffer.alloc(BLOCK * 2);
}
