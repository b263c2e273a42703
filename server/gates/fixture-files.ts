// Reads the gate fixtures (test/fixtures/gates) for tests: real-looking documents written to the published schemas.
import { readFileSync } from "node:fs";
import path from "node:path";

export const FIXTURES = path.resolve(import.meta.dirname, "../../test/fixtures/gates");

export function fixture(name: string): unknown {
  return JSON.parse(readFileSync(path.join(FIXTURES, name), "utf8")) as unknown;
}

export function fixtureText(name: string): string {
  return readFileSync(path.join(FIXTURES, name), "utf8");
}

/** The two artifacts of the demo release the fixtures describe. */
export const DEMO_ARTIFACTS = [
  {
    name: "demo-app-1.0.0-linux-amd64.tar.gz",
    digest: "sha256:aea56532dac29cf3fd79530ea3bacf78d883720bcdb224f55802ad5fc73b9c7f",
    size: 18_204_331,
  },
  {
    name: "demo-app-1.0.0-linux-arm64.tar.gz",
    digest: "sha256:eb0e570ac8f9e8fd9687627e41a22050d3fbfed2405772ae7120ff10ac5f6779",
    size: 17_655_120,
  },
];
