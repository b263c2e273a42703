// A real OpenID Connect identity provider (oidc-provider 9.x) on 127.0.0.1 for the end-to-end tests.
//
//   OIDC_PORT (default 4010)            issuer http://127.0.0.1:<port>
//   APP_URL   (default http://localhost:3100)   redirect uri <APP_URL>/api/auth/callback/oidc
//   client "portal" / "portal-secret"   authorization code + PKCE, auth_time always in the ID token
//
// Sign-in page (dev interactions): field "login" and any password, button "Sign-in". Consent is implied for the
// portal (a first-party client), so after the login form the browser goes straight back to the portal.
// prompt=login and max_age=0 (the portal's "confirm it's you") show the login form again even with an IdP session.
//
// Accounts (the login name is the subject; claims in the ID token: name, email, email_verified, groups):
//   olivia  -> groups ["release-engineers"]    Olivia Oidc,  olivia@idp.test
//   sergio  -> groups ["security-officers"]    Sergio Sso,   sergio@idp.test
//   audrey  -> groups ["auditors"]             Audrey Oidc,  audrey@idp.test
//   irene   -> groups ["incident-responders"]  Irene Oidc,   irene@idp.test
//   alex    -> groups ["portal-admins"]        Alex Oidc,    alex@idp.test
//   multi   -> groups ["release-engineers", "auditors"]
//   nobody  -> groups []                       (the portal refuses: no role assigned)
//   any other login -> no groups, like nobody
// The portal's matching setting:
//   OIDC_ROLE_MAP="release-engineers=RELEASE_ENGINEER,security-officers=SECURITY_OFFICER,auditors=AUDITOR,
//                  incident-responders=INCIDENT_RESPONDER,portal-admins=ADMIN"   (one line, no spaces)
import Provider from "oidc-provider";

const port = Number(process.env.OIDC_PORT ?? 4010);
const appUrl = (process.env.APP_URL ?? "http://localhost:3100").replace(/\/$/, "");
const issuer = `http://127.0.0.1:${port}`;

const ACCOUNTS = {
  olivia: { name: "Olivia Oidc", groups: ["release-engineers"] },
  sergio: { name: "Sergio Sso", groups: ["security-officers"] },
  audrey: { name: "Audrey Oidc", groups: ["auditors"] },
  irene: { name: "Irene Oidc", groups: ["incident-responders"] },
  alex: { name: "Alex Oidc", groups: ["portal-admins"] },
  multi: { name: "Multi Role", groups: ["release-engineers", "auditors"] },
  nobody: { name: "No Body", groups: [] },
};

const CLIENT_ID = "portal";
const SCOPES = "openid profile email";
const CLAIMS = ["sub", "name", "email", "email_verified", "groups"];

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: CLIENT_ID,
      client_secret: "portal-secret",
      redirect_uris: [`${appUrl}/api/auth/callback/oidc`],
      post_logout_redirect_uris: [`${appUrl}/signin`],
      grant_types: ["authorization_code"],
      response_types: ["code"],
      // the portal's step-up check reads when the user really authenticated
      require_auth_time: true,
    },
  ],
  pkce: { required: () => true },
  // groups travel with the profile scope, which the portal requests by default
  claims: { openid: ["sub"], profile: ["name", "groups"], email: ["email", "email_verified"] },
  // Auth.js reads the user from the ID token: put the scope's claims there, not only at the userinfo endpoint.
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ["e2e-only-cookie-key-not-a-secret"] },
  findAccount: async (_ctx, accountId) => {
    const account = ACCOUNTS[accountId] ?? { name: accountId, groups: [] };
    return {
      accountId,
      claims: async () => ({
        sub: accountId,
        name: account.name,
        email: `${accountId}@idp.test`,
        email_verified: true,
        groups: account.groups,
      }),
    };
  },
  // First-party client: consent is implied, so the e2e flow is one login form and back.
  loadExistingGrant: async (ctx) => {
    const grantId =
      ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    if (ctx.oidc.client.clientId !== CLIENT_ID || !ctx.oidc.session.accountId) return undefined;
    const grant = new ctx.oidc.provider.Grant({ clientId: CLIENT_ID, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope(SCOPES);
    grant.addOIDCClaims(CLAIMS);
    await grant.save();
    return grant;
  },
});

provider.listen(port, "127.0.0.1", () => {
  console.log(`oidc provider ${issuer} for ${appUrl}`);
});
