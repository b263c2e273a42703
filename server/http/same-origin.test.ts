import { describe, expect, it } from "vitest";
import { isSameOrigin } from "./same-origin";

const at = (headers: Record<string, string>) =>
  new Request("http://localhost:3000/releases/upload", { method: "POST", headers });

describe("isSameOrigin", () => {
  it("accepts the portal's own pages and clients that send no browser headers (curl)", () => {
    expect(isSameOrigin(at({ origin: "https://portal.example.com" }), "https://portal.example.com")).toBe(
      true,
    );
    expect(isSameOrigin(at({ origin: "http://localhost:3000" }), "https://portal.example.com")).toBe(true);
    expect(isSameOrigin(at({ "sec-fetch-site": "same-origin" }), "https://portal.example.com")).toBe(true);
    expect(isSameOrigin(at({}), "https://portal.example.com")).toBe(true);
  });

  it("refuses another site's form post", () => {
    expect(isSameOrigin(at({ origin: "https://evil.example" }), "https://portal.example.com")).toBe(false);
    expect(isSameOrigin(at({ "sec-fetch-site": "cross-site" }), "https://portal.example.com")).toBe(false);
    expect(isSameOrigin(at({ origin: "null" }), "https://portal.example.com")).toBe(false);
  });
});
