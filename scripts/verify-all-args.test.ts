import { describe, expect, it } from "vitest";
import { parseVerifyAllArgs, UsageError } from "./verify-all-args";

describe("npm run verify-all arguments", () => {
  it("reads the label, the operator and --json", () => {
    expect(parseVerifyAllArgs(["--label", "pre-upgrade 2026.11"])).toEqual({
      label: "pre-upgrade 2026.11",
      operator: undefined,
      json: false,
    });
    expect(parseVerifyAllArgs(["--json", "--operator", "Olga Ops", "--label", "x"])).toEqual({
      label: "x",
      operator: "Olga Ops",
      json: true,
    });
  });

  it.each([
    [[], /--label is required/],
    [["--label"], /--label needs a value/],
    [["--label", "  "], /--label is required/],
    [["--label", "x", "--force", "y"], /unknown option --force/],
    [["pre-upgrade"], /unexpected argument/],
  ])("refuses %j", (argv, message) => {
    expect(() => parseVerifyAllArgs(argv)).toThrow(UsageError);
    expect(() => parseVerifyAllArgs(argv)).toThrow(message);
  });
});
