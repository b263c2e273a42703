// In-app notifications, written inside the caller's transaction so a notice exists exactly when its event does.
import type { PortalTx } from "../db/connection";

export type NoticeInput = {
  kind: string;
  title: string;
  body: string;
  link?: string;
  at: Date;
};

/** Every enabled security officer, except `exceptUserId` (whoever caused the notice knows already). */
export async function notifySecurityOfficers(
  tx: PortalTx,
  notice: NoticeInput,
  options: { exceptUserId?: string | null } = {},
): Promise<number> {
  const officers = await tx.user.findMany({
    where: { roles: { has: "SECURITY_OFFICER" }, disabled: false },
    select: { id: true },
  });
  return notifyUsers(
    tx,
    officers.map((officer) => officer.id).filter((id) => id !== options.exceptUserId),
    notice,
  );
}

export async function notifyUsers(
  tx: PortalTx,
  userIds: readonly string[],
  notice: NoticeInput,
): Promise<number> {
  const recipients = [...new Set(userIds)];
  if (recipients.length === 0) return 0;
  const { count } = await tx.notification.createMany({
    data: recipients.map((recipientId) => ({
      recipientId,
      kind: notice.kind,
      title: notice.title,
      body: notice.body,
      link: notice.link ?? null,
      createdAt: notice.at,
    })),
  });
  return count;
}
