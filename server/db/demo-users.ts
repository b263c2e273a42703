// The demo accounts, one per role. Demo mode only: the sign-in page lists them with their password.
import type { Role } from "../authz/permissions";

export const DEMO_PASSWORD = "demo-password";

export const DEMO_USERS: ReadonlyArray<{ email: string; name: string; roles: Role[] }> = [
  { email: "rhea@demo.test", name: "Rhea Release", roles: ["RELEASE_ENGINEER"] },
  { email: "sam@demo.test", name: "Sam Security", roles: ["SECURITY_OFFICER"] },
  { email: "ada@demo.test", name: "Ada Auditor", roles: ["AUDITOR"] },
  { email: "ian@demo.test", name: "Ian Incident", roles: ["INCIDENT_RESPONDER"] },
  { email: "adam@demo.test", name: "Adam Admin", roles: ["ADMIN"] },
];
