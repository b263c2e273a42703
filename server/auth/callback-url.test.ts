import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "./callback-url";

const origin = "https://portal.example.test";

describe("safeCallbackPath", () => {
  it("keeps paths on this site, with their query and fragment", () => {
    expect(safeCallbackPath("/releases/42?tab=approvals#top", origin)).toBe("/releases/42?tab=approvals#top");
    expect(safeCallbackPath("/", origin)).toBe("/");
  });

  it("turns an absolute URL on this site into its path", () => {
    expect(safeCallbackPath("https://portal.example.test/audit?page=2", origin)).toBe("/audit?page=2");
  });

  it.each([
    "https://evil.test/releases",
    "//evil.test/releases",
    "/\\evil.test",
    "\\\\evil.test",
    "/\t/evil.test",
    "javascript:alert(1)",
    "http://portal.example.test/audit",
    "releases",
    "",
  ])("refuses %j (falls back to /)", (value) => {
    expect(safeCallbackPath(value, origin)).toBe("/");
  });

  it("refuses non-strings", () => {
    expect(safeCallbackPath(undefined, origin)).toBe("/");
    expect(safeCallbackPath(["/a", "/b"], origin)).toBe("/");
  });

  it("does not send the user back to a sign-in page (a loop)", () => {
    expect(safeCallbackPath("/signin?callbackUrl=/x", origin)).toBe("/");
    expect(safeCallbackPath("/reauth", origin)).toBe("/");
    expect(safeCallbackPath("/api/auth/signout", origin)).toBe("/");
    expect(safeCallbackPath("/signing-keys", origin)).toBe("/signing-keys");
  });
});
