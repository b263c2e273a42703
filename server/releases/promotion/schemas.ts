// Inputs of the promotion services and procedures (zod: bad input gets field messages, never a 500). The services
// parse what they get again, so the REST route, the tRPC procedure and a test refuse the same things in the same
// words.
import { z } from "zod";
import { ROLES } from "../../authz/permissions";
import { MAX_APPROVALS_PER_ROLE, MAX_REQUEST_TTL_HOURS, MAX_SOAK_MINUTES } from "./policy";
import { ENVIRONMENTS } from "./vocabulary";

export const ZEnvironment = z.enum(ENVIRONMENTS, {
  error: () => `Unknown environment; known environments: ${ENVIRONMENTS.join(", ")}`,
});
const ZId = (what: string) => z.uuid({ error: () => `Not a ${what} id` });
const ZComment = z.string().trim().max(1000, "At most 1000 characters");

export const ZRequestPromotionInput = z.object({
  releaseId: ZId("release"),
  environment: ZEnvironment,
  comment: ZComment.optional(),
});
export type RequestPromotionInput = z.input<typeof ZRequestPromotionInput>;

/** what a pipeline sends to /api/v1/releases/<id>/promotions (the release id is in the path) */
export const ZApiPromotionRequest = ZRequestPromotionInput.omit({ releaseId: true });

export const ZDecisionInput = z.object({
  requestId: ZId("promotion request"),
  /** the role the decision counts for; needed only when the person could count in more than one */
  role: z.enum(ROLES, { error: () => "Unknown role" }).optional(),
  comment: ZComment.optional(),
});
export type DecisionInput = z.input<typeof ZDecisionInput>;

export const ZRejectInput = ZDecisionInput.extend({
  comment: z.string().trim().min(3, "Say why (at least 3 characters)").max(1000, "At most 1000 characters"),
});

export const ZRequestIdInput = z.object({ requestId: ZId("promotion request") });

export const ZCancelInput = ZRequestIdInput.extend({
  reason: z.string().trim().min(3, "Say why (at least 3 characters)").max(500, "At most 500 characters"),
});

export const ZReleaseIdInput = z.object({ releaseId: ZId("release") });

export const ZUpdateEnvironmentInput = z.object({
  environment: ZEnvironment,
  requiredApprovals: z
    .array(
      z.object({
        role: z.enum(ROLES, { error: () => "Unknown role" }),
        count: z.coerce
          .number()
          .int("A whole number")
          .min(1, "At least 1")
          .max(MAX_APPROVALS_PER_ROLE, `At most ${MAX_APPROVALS_PER_ROLE}`),
      }),
    )
    .max(ROLES.length)
    .refine((lines) => new Set(lines.map((line) => line.role)).size === lines.length, "Each role once"),
  soakMinutes: z.coerce
    .number()
    .int("A whole number of minutes")
    .min(0, "Not negative")
    .max(MAX_SOAK_MINUTES, `At most ${MAX_SOAK_MINUTES} minutes (30 days)`),
  requestTtlHours: z.coerce
    .number()
    .int("A whole number of hours")
    .min(1, "At least 1 hour")
    .max(MAX_REQUEST_TTL_HOURS, `At most ${MAX_REQUEST_TTL_HOURS} hours (30 days)`),
});
export type UpdateEnvironmentInput = z.input<typeof ZUpdateEnvironmentInput>;

export const ZCreateFreezeInput = z
  .object({
    environment: ZEnvironment,
    startsAt: z.coerce.date({ error: () => "A date and time" }),
    endsAt: z.coerce.date({ error: () => "A date and time" }),
    reason: z.string().trim().min(3, "Say why (at least 3 characters)").max(300, "At most 300 characters"),
  })
  .refine((input) => input.endsAt.getTime() > input.startsAt.getTime(), {
    message: "The end must be after the start",
    path: ["endsAt"],
  });
export type CreateFreezeInput = z.input<typeof ZCreateFreezeInput>;

export const ZFreezeIdInput = z.object({ id: ZId("freeze window") });
