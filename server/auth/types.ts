// What the portal keeps in the Auth.js JWT and session (module augmentation for next-auth). Roles in the token
// are only a hint for the UI; the server re-reads roles and `disabled` from the database on every request.
import type { Role } from "../authz/permissions";

export type AuthMethod = "password" | "oidc";

declare module "next-auth" {
  interface User {
    roles?: Role[];
    /** epoch seconds of the authentication this sign-in is based on */
    authTime?: number;
    authMethod?: AuthMethod;
  }

  interface Session {
    user: {
      id: string;
      name: string;
      email: string;
      roles: Role[];
      authTime: number;
      authMethod: AuthMethod;
    };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    roles?: Role[];
    authTime?: number;
    authMethod?: AuthMethod;
    /** epoch seconds of the sign-in that issued this token: the session's absolute lifetime counts from here */
    signedInAt?: number;
  }
}
