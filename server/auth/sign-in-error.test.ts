import { describe, expect, it } from "vitest";
import { signInErrorMessage } from "./sign-in-error";

const options = { lockoutMinutes: 15 };

describe("signInErrorMessage", () => {
  it("shows nothing without an error", () => {
    expect(signInErrorMessage({}, options)).toBeNull();
  });

  it("explains each refusal reason", () => {
    const message = (code: string) => signInErrorMessage({ error: "CredentialsSignin", code }, options);
    expect(message("bad_credentials")).toBe("Wrong email or password.");
    expect(message("locked")).toContain("locked");
    expect(message("locked")).toContain("15 minutes");
    expect(message("rate_limited")).toContain("Too many sign-in attempts from this address");
    expect(message("disabled")).toContain("disabled");
    expect(signInErrorMessage({ error: "AccessDenied", code: "no_roles" }, options)).toContain(
      "No role is assigned",
    );
  });

  it("falls back to a generic message for Auth.js errors and unknown codes", () => {
    expect(signInErrorMessage({ error: "CredentialsSignin", code: "credentials" }, options)).toBe(
      "Wrong email or password.",
    );
    expect(signInErrorMessage({ error: "OAuthCallbackError" }, options)).toContain("identity provider");
    expect(signInErrorMessage({ error: "Configuration" }, options)).toBe("Sign-in failed. Please try again.");
    expect(signInErrorMessage({ error: "CallbackRouteError" }, options)).toBe(
      "Sign-in failed. Please try again.",
    );
  });
});
