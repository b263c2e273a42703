import { describe, expect, it } from "vitest";
import {
  CHECKSUMS_FILE,
  CHECKSUMS_SIGNATURE_FILE,
  KEY_HINT_FILES,
  MANIFEST_FILE,
} from "../signing/bundle/read-bundle";
import { BUNDLE_METADATA_FILES } from "./vocabulary";

describe("bundle metadata files", () => {
  it("are exactly the files the bundle verifier reads as metadata", () => {
    expect([...BUNDLE_METADATA_FILES].sort()).toEqual(
      [CHECKSUMS_FILE, CHECKSUMS_SIGNATURE_FILE, MANIFEST_FILE, ...KEY_HINT_FILES].sort(),
    );
  });
});
