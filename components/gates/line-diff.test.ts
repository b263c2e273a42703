import { describe, expect, it } from "vitest";
import { foldUnchanged, lineDiff, prettyJson } from "./line-diff";

const render = (before: string, after: string) =>
  lineDiff(before, after).map((line) => `${{ same: " ", removed: "-", added: "+" }[line.kind]}${line.text}`);

describe("lineDiff", () => {
  it("keeps equal texts as they are", () => {
    expect(render("a\nb", "a\nb")).toEqual([" a", " b"]);
  });

  it("shows a changed line as removed then added, among kept lines", () => {
    expect(render("a\nb\nc", "a\nB\nc")).toEqual([" a", "-b", "+B", " c"]);
  });

  it("shows insertions and deletions at the ends and in the middle", () => {
    expect(render("b\nc\nd", "a\nb\nd\ne")).toEqual(["+a", " b", "-c", " d", "+e"]);
  });

  it("rebuilds both texts from its lines", () => {
    const before = prettyJson({ environments: { PROD: [{ id: "vulns", maxCvss: 7 }] }, version: 1 });
    const after = prettyJson({
      environments: { PROD: [{ id: "vulns", maxCvss: 9 }, { id: "sbom" }] },
      version: 2,
    });
    const lines = lineDiff(before, after);
    expect(
      lines
        .filter((l) => l.kind !== "added")
        .map((l) => l.text)
        .join("\n"),
    ).toBe(before);
    expect(
      lines
        .filter((l) => l.kind !== "removed")
        .map((l) => l.text)
        .join("\n"),
    ).toBe(after);
    const removed = lines.filter((l) => l.kind === "removed").map((l) => l.text.trim());
    expect(removed).toContain('"maxCvss": 7');
    expect(removed).toContain('"version": 1');
    expect(removed).not.toContain('"id": "vulns",');
  });

  it("handles empty texts", () => {
    expect(render("", "")).toEqual([" "]);
    expect(render("", "a")).toEqual(["-", "+a"]);
  });
});

describe("foldUnchanged", () => {
  it("keeps changes with their context and folds the long unchanged runs", () => {
    const before = ["a", "b", "c", "d", "e", "f", "g", "h", "i"].join("\n");
    const after = ["a", "b", "c", "d", "E", "f", "g", "h", "i"].join("\n");
    const rows = foldUnchanged(lineDiff(before, after), 1);
    expect(
      rows.map((row) => (row.kind === "skipped" ? `…${row.count}` : `${row.kind[0]}${row.text}`)),
    ).toEqual(["…3", "sd", "re", "aE", "sf", "…3"]);
  });

  it("folds nothing away when nothing changed but says how much is the same", () => {
    expect(foldUnchanged(lineDiff("a\nb", "a\nb"))).toEqual([{ kind: "skipped", count: 2 }]);
  });
});
