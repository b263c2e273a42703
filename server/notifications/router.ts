// The notification bell: any signed-in user reads and clears their own notices, nobody else's.
import { z } from "zod";
import { router, signedInProcedure } from "../trpc/init";
import { findNotifications, markNotificationsRead } from "./find-notifications";

export const notificationsRouter = router({
  list: signedInProcedure.query(({ ctx }) => findNotifications(ctx.prisma, ctx.user.id)),

  markRead: signedInProcedure
    .input(z.object({ ids: z.array(z.uuid()).max(100).optional() }))
    .mutation(({ ctx, input }) =>
      markNotificationsRead(ctx.prisma, ctx.user.id, { ids: input.ids, clock: ctx.clock }),
    ),
});
