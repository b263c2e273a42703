// Emails are compared case-insensitively everywhere (sign-in, OIDC linking): stored and looked up in one form.
export function normalizeEmail(email: string): string {
  return email.normalize("NFKC").trim().toLowerCase();
}
