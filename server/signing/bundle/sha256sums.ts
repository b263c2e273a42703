// SHA256SUMS as `sha256sum` writes it ("<hex>  <name>", or "<hex> *<name>" in binary mode, a leading backslash
// when the name holds a backslash or newline) and as BSD tools write it ("SHA256 (<name>) = <hex>"). Lines that
// are neither are reported, never skipped silently: a checksum file someone edited by hand must not pass by
// ignoring the line that covered the changed file.
export type ChecksumEntry = { name: string; sha256: string; line: number };
export type ParsedChecksums = { entries: ChecksumEntry[]; problems: string[] };

const GNU = /^(\\?)([0-9a-fA-F]{64}) [ *](.+)$/;
const BSD = /^(\\?)SHA256 \((.+)\) = ([0-9a-fA-F]{64})$/;

function unescapeName(name: string): string {
  return name.replace(/\\(\\|n|r)/g, (_match, char: string) =>
    char === "n" ? "\n" : char === "r" ? "\r" : "\\",
  );
}

/** "./a/b" and "a/b" name the same file; a bundle never names anything outside itself. */
export function normaliseBundlePath(name: string): string | null {
  const parts = name.split("/").filter((part) => part !== "" && part !== ".");
  if (name.startsWith("/") || parts.length === 0 || parts.some((part) => part === "..")) return null;
  return parts.join("/");
}

export function parseSha256Sums(text: string): ParsedChecksums {
  const entries: ChecksumEntry[] = [];
  const problems: string[] = [];
  const seen = new Map<string, ChecksumEntry>();
  text.split("\n").forEach((raw, index) => {
    const line = raw.replace(/\r$/, "");
    const number = index + 1;
    if (line.trim() === "") return;
    const gnu = GNU.exec(line);
    const bsd = gnu ? null : BSD.exec(line);
    if (!gnu && !bsd) {
      problems.push(
        `SHA256SUMS line ${number} is not "<sha256>  <file>": ${JSON.stringify(line.slice(0, 80))}`,
      );
      return;
    }
    const escaped = (gnu?.[1] ?? bsd?.[1]) === "\\";
    const rawName = (gnu ? gnu[3] : bsd?.[2]) ?? "";
    const digest = ((gnu ? gnu[2] : bsd?.[3]) ?? "").toLowerCase();
    const name = normaliseBundlePath(escaped ? unescapeName(rawName) : rawName);
    if (!name) {
      problems.push(`SHA256SUMS line ${number} names a path outside the bundle: ${JSON.stringify(rawName)}`);
      return;
    }
    const previous = seen.get(name);
    if (previous) {
      if (previous.sha256 !== digest) {
        problems.push(
          `SHA256SUMS lists ${name} twice with different digests (lines ${previous.line} and ${number})`,
        );
      }
      return;
    }
    const entry = { name, sha256: digest, line: number };
    seen.set(name, entry);
    entries.push(entry);
  });
  if (entries.length === 0 && problems.length === 0) problems.push("SHA256SUMS lists no files");
  return { entries, problems };
}
