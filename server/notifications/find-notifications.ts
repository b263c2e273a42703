// The bell: a user's latest notices and how many are unread; marking them read.
import type { PortalPrisma } from "../db/connection";
import type { Clock } from "../lib/clock";

export type NotificationView = {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: Date;
  read: boolean;
};

export async function findNotifications(
  prisma: PortalPrisma,
  userId: string,
  options: { limit?: number } = {},
): Promise<{ unread: number; items: NotificationView[] }> {
  const [unread, rows] = await Promise.all([
    prisma.notification.count({ where: { recipientId: userId, readAt: null } }),
    prisma.notification.findMany({
      where: { recipientId: userId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: options.limit ?? 20,
      select: { id: true, kind: true, title: true, body: true, link: true, createdAt: true, readAt: true },
    }),
  ]);
  return {
    unread,
    items: rows.map(({ readAt, ...row }) => ({ ...row, read: readAt !== null })),
  };
}

/** Marks the given notices (or all) as read; only the recipient's own. */
export async function markNotificationsRead(
  prisma: PortalPrisma,
  userId: string,
  options: { ids?: readonly string[]; clock: Clock },
): Promise<{ marked: number }> {
  const { count } = await prisma.notification.updateMany({
    where: { recipientId: userId, readAt: null, ...(options.ids ? { id: { in: [...options.ids] } } : {}) },
    data: { readAt: options.clock.now() },
  });
  return { marked: count };
}
