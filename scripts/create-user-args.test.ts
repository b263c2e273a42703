import { describe, expect, it } from "vitest";
import { parseCreateUserArgs } from "./create-user-args";

describe("npm run user:create arguments", () => {
  it("reads email, name and a comma-separated role list", () => {
    expect(
      parseCreateUserArgs(["--email", "a@b.example", "--name", "A B", "--roles", "admin, AUDITOR"]),
    ).toEqual({
      email: "a@b.example",
      name: "A B",
      roles: ["ADMIN", "AUDITOR"],
    });
    expect(parseCreateUserArgs(["--email=a@b.example", "--name=A", "--roles=ADMIN"]).roles).toEqual([
      "ADMIN",
    ]);
  });

  it("names what is missing", () => {
    expect(() => parseCreateUserArgs(["--email", "a@b.example"])).toThrow(/missing --name, --roles/);
    expect(() => parseCreateUserArgs(["--email", "a@b.example", "--name", " ", "--roles", "ADMIN"])).toThrow(
      /missing --name/,
    );
  });

  it("refuses a password on the command line, saying why", () => {
    expect(() =>
      parseCreateUserArgs(["--email", "a@b.example", "--name", "A", "--roles", "ADMIN", "--password", "x"]),
    ).toThrow(/ps/);
  });

  it("refuses unknown options and stray words", () => {
    expect(() => parseCreateUserArgs(["--mail", "a@b.example"])).toThrow(/usage:/);
    expect(() => parseCreateUserArgs(["admin"])).toThrow(/usage:/);
  });
});
