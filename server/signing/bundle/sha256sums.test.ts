import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { run, tempDir } from "@/test/bundles";
import { normaliseBundlePath, parseSha256Sums } from "./sha256sums";

const dir = tempDir("sha256sums-");
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("parseSha256Sums", () => {
  it("reads what sha256sum writes: text and binary mode, --tag, and escaped names", () => {
    fs.writeFileSync(path.join(dir, "a.txt"), "a\n");
    fs.writeFileSync(path.join(dir, "back\\slash.txt"), "b\n");
    fs.writeFileSync(path.join(dir, "new\nline.txt"), "c\n");
    const names = ["a.txt", "back\\slash.txt", "new\nline.txt"];
    for (const args of [[], ["--binary"], ["--tag"]]) {
      const parsed = parseSha256Sums(run("sha256sum", [...args, ...names], dir).toString());
      expect(parsed.problems).toEqual([]);
      expect(parsed.entries.map((entry) => entry.name)).toEqual(names);
      expect(parsed.entries[0]?.sha256).toBe(
        "87428fc522803d31065e7bce3cf03fe475096631e5e07bbd7a0fde60c4cf25c7",
      );
    }
  });

  it("reports malformed lines, conflicting duplicates and paths outside the bundle", () => {
    const hash = "a".repeat(64);
    const parsed = parseSha256Sums(
      [
        `${hash}  ok.txt`,
        "not a checksum line",
        `${hash}  ../etc/passwd`,
        `${"b".repeat(64)}  ok.txt`,
        `${hash}  ./ok.txt`,
        "",
      ].join("\n"),
    );
    expect(parsed.entries).toEqual([{ name: "ok.txt", sha256: hash, line: 1 }]);
    expect(parsed.problems).toEqual([
      'SHA256SUMS line 2 is not "<sha256>  <file>": "not a checksum line"',
      'SHA256SUMS line 3 names a path outside the bundle: "../etc/passwd"',
      "SHA256SUMS lists ok.txt twice with different digests (lines 1 and 4)",
    ]);
    expect(parseSha256Sums("\n\n").problems).toEqual(["SHA256SUMS lists no files"]);
  });

  it("normalises bundle paths and refuses escapes", () => {
    expect(normaliseBundlePath("./images//a.tar")).toBe("images/a.tar");
    expect(normaliseBundlePath("/etc/passwd")).toBeNull();
    expect(normaliseBundlePath("a/../../b")).toBeNull();
    expect(normaliseBundlePath("./")).toBeNull();
  });
});
