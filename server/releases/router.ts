// Releases over tRPC: the list and the detail for everyone with release:read; registration (digests and sizes, as
// JSON: artifact bytes come through the upload route, which streams them) and publication for release:register.
// The promotion workflow has its own procedures (server/releases/promotion).
import type { AuditActor } from "../audit/events";
import type { Context } from "../trpc/context";
import { procedureWith, router } from "../trpc/init";
import { findReleaseProducts, findReleases } from "./find-releases";
import { publishRelease } from "./publish-release";
import { registerFromJson } from "./register-from-request";
import type { ReleaseActorContext } from "./register-release";
import { getReleaseDetail } from "./release-views";
import { releaseWebhook } from "./release-webhook";
import { ZPublishInput, ZRegisterReleaseJson, ZReleaseIdInput, ZReleaseListInput } from "./schemas";

type SignedIn = Context & { user: NonNullable<Context["user"]>; actor: AuditActor & { id: string } };

const viewerOf = (ctx: SignedIn) => ({ id: ctx.user.id, roles: ctx.user.roles });

function registrationContext(ctx: SignedIn): ReleaseActorContext {
  return {
    actor: ctx.actor,
    registeredBy: { userId: ctx.user.id, tokenId: null, name: ctx.user.name },
    viewer: viewerOf(ctx),
    request: ctx.request,
    clock: ctx.clock,
    webhook: releaseWebhook(),
  };
}

const read = procedureWith("release:read");
const register = procedureWith("release:register");

export const releasesRouter = router({
  list: read
    .input(ZReleaseListInput)
    .query(({ ctx, input }) =>
      findReleases(ctx.prisma, input, { viewer: viewerOf(ctx), now: ctx.clock.now() }),
    ),

  products: read.query(({ ctx }) => findReleaseProducts(ctx.prisma)),

  get: read
    .input(ZReleaseIdInput)
    .query(({ ctx, input }) =>
      getReleaseDetail(ctx.prisma, input.releaseId, { viewer: viewerOf(ctx), now: ctx.clock.now() }),
    ),

  register: register
    .input(ZRegisterReleaseJson)
    .mutation(({ ctx, input }) => registerFromJson(ctx.prisma, registrationContext(ctx), input)),

  // publishing adds no trust decision of its own (PROD already took two people's approvals): the release
  // engineers and pipelines that register releases also put them out
  publish: register.input(ZPublishInput).mutation(({ ctx, input }) =>
    publishRelease(
      ctx.prisma,
      {
        actor: ctx.actor,
        publisher: { userId: ctx.user.id, name: ctx.user.name },
        viewer: viewerOf(ctx),
        request: ctx.request,
        clock: ctx.clock,
        webhook: releaseWebhook(),
      },
      input,
    ),
  ),
});
