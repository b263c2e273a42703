import { describe, expect, it } from "vitest";
import { parseBreakglassArgs } from "./breakglass-args";

describe("npm run breakglass arguments", () => {
  it("enables with defaults and with options", () => {
    expect(parseBreakglassArgs(["enable"])).toEqual({
      command: "enable",
      minutes: 60,
      roles: ["ADMIN"],
      operator: undefined,
    });
    expect(
      parseBreakglassArgs([
        "enable",
        "--minutes",
        "15",
        "--roles",
        "ADMIN,SECURITY_OFFICER",
        "--operator",
        "Olga",
      ]),
    ).toEqual({ command: "enable", minutes: 15, roles: ["ADMIN", "SECURITY_OFFICER"], operator: "Olga" });
  });
  it.each([
    [["enable", "--roles", "ROOT"], /unknown role/],
    [["enable", "--minutes", "1.5"], /whole number/],
    [["enable", "--minutes"], /needs a value/],
    [["enable", "--force", "yes"], /unknown option/],
    [["check-file"], /needs a path/],
    [["explode"], /usage/],
  ])("refuses %j", (argv, message) => {
    expect(() => parseBreakglassArgs(argv)).toThrow(message);
  });
});
