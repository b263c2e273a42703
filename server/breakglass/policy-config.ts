// The break-glass policy: reason codes, durations, extension limits and which scopes need a second person.
// Defaults below; a JSON file named by BREAKGLASS_POLICY_FILE overrides any part of it, validated with zod so a
// bad policy stops the server with a message naming the field instead of granting something by accident.
import fs from "node:fs";
import { z } from "zod";
import { isPermission, type Permission } from "../authz/permissions";

export const SCOPE_MODES = ["self-service", "approval"] as const;
export type ScopeMode = (typeof SCOPE_MODES)[number];

const DEFAULT_REASON_CODES = [
  { code: "INCIDENT_P1", label: "Priority-1 production incident" },
  { code: "SECURITY_INCIDENT", label: "Security incident" },
  { code: "IDP_OUTAGE", label: "Identity provider outage" },
  { code: "DATA_RECOVERY", label: "Data recovery" },
  { code: "RELEASE_HOTFIX", label: "Hotfix release during a freeze" },
];

// Self-service scopes are the emergency path when no second person is reachable (security officers are told at
// once); anything that changes who may do what, or key material, waits for a second person.
const DEFAULT_SCOPES: Record<string, ScopeMode> = {
  "promotion:override-freeze": "self-service",
  "audit:read": "self-service",
  "audit:verify": "self-service",
  "evidence:verify": "self-service",
  "compliance:read": "self-service",
  "promotion:request": "self-service",
  "promotion:approve": "approval",
  "release:register": "approval",
  "key:use": "approval",
  "key:manage": "approval",
  "admin:users": "approval",
  "admin:api-tokens": "approval",
  "policy:manage": "approval",
};

// Break-glass can never grant the power to approve, revoke or review break-glass itself, nor read the matrix
// it would be escalating around: those stay with the roles.
const NEVER_GRANTABLE = /^breakglass:/;

const ZMinutes = z.number().int().positive();

export const ZBreakGlassPolicy = z
  .object({
    reasonCodes: z
      .array(
        z.object({
          code: z
            .string()
            .regex(/^[A-Z][A-Z0-9_]{1,39}$/, "reason codes are UPPER_SNAKE_CASE, 2-40 characters"),
          label: z.string().trim().min(1).max(100),
        }),
      )
      .min(1, "at least one reason code")
      .default(DEFAULT_REASON_CODES),
    durationMinutes: z
      .object({
        default: ZMinutes.default(15),
        min: ZMinutes.default(1),
        max: ZMinutes.default(60),
      })
      .default({ default: 15, min: 1, max: 60 }),
    extension: z
      .object({ maxCount: z.number().int().min(0).default(2), maxMinutes: ZMinutes.default(30) })
      .default({ maxCount: 2, maxMinutes: 30 }),
    /** no session lasts longer than this from its activation, extensions included */
    absoluteMaxMinutes: ZMinutes.default(240),
    /** a request waiting for a second person lapses after this */
    pendingRequestMinutes: ZMinutes.default(30),
    /** an ended session not reviewed within this many hours shows as overdue */
    reviewOverdueHours: ZMinutes.default(72),
    /** how recent the sign-in must be to open, extend (and approve) */
    freshAuthSeconds: ZMinutes.default(300),
    scopes: z.record(z.string(), z.enum(SCOPE_MODES)).default(DEFAULT_SCOPES),
  })
  .superRefine((policy, ctx) => {
    const { default: fallback, min, max } = policy.durationMinutes;
    if (!(min <= fallback && fallback <= max)) {
      ctx.addIssue({ code: "custom", path: ["durationMinutes"], message: "needs min <= default <= max" });
    }
    if (policy.absoluteMaxMinutes < max) {
      ctx.addIssue({
        code: "custom",
        path: ["absoluteMaxMinutes"],
        message: "must be at least durationMinutes.max",
      });
    }
    const codes = policy.reasonCodes.map((reason) => reason.code);
    if (new Set(codes).size !== codes.length) {
      ctx.addIssue({ code: "custom", path: ["reasonCodes"], message: "reason codes must be unique" });
    }
    for (const scope of Object.keys(policy.scopes)) {
      if (!isPermission(scope)) {
        ctx.addIssue({ code: "custom", path: ["scopes", scope], message: `"${scope}" is not a permission` });
      } else if (NEVER_GRANTABLE.test(scope)) {
        ctx.addIssue({
          code: "custom",
          path: ["scopes", scope],
          message: "break-glass cannot grant break-glass permissions",
        });
      }
    }
    if (Object.keys(policy.scopes).length === 0) {
      ctx.addIssue({ code: "custom", path: ["scopes"], message: "at least one scope" });
    }
  });

export type BreakGlassPolicy = Omit<z.infer<typeof ZBreakGlassPolicy>, "scopes"> & {
  scopes: Partial<Record<Permission, ScopeMode>>;
};

export function parseBreakGlassPolicy(value: unknown, source = "break-glass policy"): BreakGlassPolicy {
  const result = ZBreakGlassPolicy.safeParse(value);
  if (!result.success) {
    const lines = result.error.issues.map(
      (issue) => `  ${issue.path.join(".") || "policy"}: ${issue.message}`,
    );
    throw new Error(`Invalid ${source}:\n${lines.join("\n")}`);
  }
  return result.data as BreakGlassPolicy;
}

export const DEFAULT_BREAKGLASS_POLICY: BreakGlassPolicy = parseBreakGlassPolicy({});

export function readBreakGlassPolicyFile(file: string): BreakGlassPolicy {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(`Cannot read BREAKGLASS_POLICY_FILE ${file}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`BREAKGLASS_POLICY_FILE ${file} is not valid JSON: ${(error as Error).message}`);
  }
  return parseBreakGlassPolicy(json, `break-glass policy in ${file}`);
}
