// The REST surface of promotion for CI pipelines (/api/v1/releases/<id>/promotions): a token with
// promotion:request asks for a promotion (or, asking again, completes one whose approvals are in and whose gates
// are open); a token with release:read reads where the release stands and fetches attestations. The route files
// under app/api/v1 only bind these to the process's database.
import type { ApiRouteDependencies } from "../../http/api-route";
import { apiRoute, json, readJson } from "../../http/api-route";
import { configuredPromotionEvents } from "./configured-events";
import { tokenActorOf } from "./deps";
import { getPromotionAttestation } from "./get-attestation";
import { getReleasePromotions } from "./get-release-promotions";
import type { PromotionStepResult } from "./request-promotion";
import { ZApiPromotionRequest } from "./schemas";
import { requestPromotionStep } from "./steps";
import type { PromotionEventSink } from "./webhook-events";

export type PromotionApiDependencies = ApiRouteDependencies & { events?: () => PromotionEventSink };

function apiAttestationUrl(releaseId: string, environment: string) {
  return `/api/v1/releases/${releaseId}/promotions/${environment.toLowerCase()}/attestation`;
}

function stepAnswer(releaseId: string, result: PromotionStepResult) {
  return {
    requestId: result.requestId,
    environment: result.environment,
    status: result.status,
    created: result.created,
    stillNeeded: result.stillNeeded,
    held: result.held ? { ...result.held, until: result.held.until?.toISOString() ?? null } : null,
    promotion: result.promotion
      ? {
          id: result.promotion.id,
          promotedAt: result.promotion.promotedAt.toISOString(),
          targetPath: result.promotion.targetPath,
          attestationKeyId: result.promotion.attestationKeyId,
          attestationUrl: apiAttestationUrl(releaseId, result.environment),
        }
      : null,
  };
}

export function promotionApiRoutes(dependencies: PromotionApiDependencies) {
  const events = () => (dependencies.events ?? configuredPromotionEvents)();
  return {
    /** POST {environment, comment?}: 201 with a new request (or the promotion, for an automatic environment) */
    request: apiRoute(dependencies, {
      permission: "promotion:request",
      handle: async ({ caller, prisma, clock, request, http, params }) => {
        const input = await readJson(http, ZApiPromotionRequest);
        const releaseId = params.id ?? "";
        const result = await requestPromotionStep(
          { prisma, clock, events: events() },
          { ...input, releaseId, actor: tokenActorOf(caller), request },
        );
        return json(result.created ? 201 : 200, stepAnswer(releaseId, result), request.requestId);
      },
    }),

    /** GET: each environment's state, promotion and open request */
    status: apiRoute(dependencies, {
      permission: "release:read",
      handle: async ({ prisma, clock, params }) => {
        const view = await getReleasePromotions(prisma, {
          releaseId: params.id ?? "",
          // a pipeline decides nothing: no person, no permissions beyond reading
          viewer: { id: "", roles: [], permissions: new Set(), freezeOverrideSessionId: null },
          clock,
        });
        return {
          release: view.release,
          verification: { ...view.verification, checkedAt: view.verification.checkedAt.toISOString() },
          environments: view.environments.map((environment) => ({
            environment: environment.environment,
            requirement: environment.requirement,
            state: environment.lane.state,
            detail: environment.lane.detail.text,
            until: environment.lane.detail.at?.toISOString() ?? null,
            promotion: environment.promotion
              ? {
                  id: environment.promotion.id,
                  promotedAt: environment.promotion.promotedAt.toISOString(),
                  promotedBy: environment.promotion.promotedByName,
                  approvers: environment.promotion.approvers.map(({ name, role, decidedAt }) => ({
                    name,
                    role,
                    decidedAt,
                  })),
                  targetPath: environment.promotion.targetPath,
                  bundleDigest: environment.promotion.bundleDigest,
                  attestationKeyId: environment.promotion.attestationKeyId,
                  attestationUrl: apiAttestationUrl(view.release.id, environment.environment),
                }
              : null,
            openRequest: environment.openRequest
              ? {
                  id: environment.openRequest.id,
                  requestedBy: environment.openRequest.requestedByName,
                  expiresAt: environment.openRequest.expiresAt.toISOString(),
                  stillNeeded: environment.openRequest.stillNeeded,
                  held: environment.openRequest.held?.message ?? null,
                }
              : null,
          })),
        };
      },
    }),

    /** GET the DSSE envelope of a promotion's attestation */
    attestation: apiRoute(dependencies, {
      permission: "release:read",
      handle: async ({ prisma, params, request }) => {
        const found = await getPromotionAttestation(prisma, {
          releaseId: params.id ?? "",
          environment: params.environment ?? "",
        });
        return json(200, found.envelope, request.requestId, {
          "content-disposition": `attachment; filename="${found.fileName}"`,
        });
      },
    }),
  };
}
