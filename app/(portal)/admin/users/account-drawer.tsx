"use client";

import { skipToken } from "@tanstack/react-query";
import { LoaderCircle } from "lucide-react";
import { type ReactNode, useId, useState } from "react";
import { formatDateTime } from "@/components/format/date-time";
import { trpc } from "@/components/trpc/client";
import { describeClientError } from "@/components/trpc/error-message";
import { RequestError } from "@/components/trpc/request-error";
import { Drawer } from "@/components/ui/drawer";
import type { UserSummary } from "@/server/users/schemas";
import { AccessActions, EditAccountForm, ResetPasswordForm } from "./account-actions";
import { signInMethodLabels, UserRoleBadges, UserStatusBadge } from "./user-badges";

export type AccountDrawerProps = {
  userId: string | null;
  /** the row the drawer was opened from, shown until the fresh copy arrives */
  initial: UserSummary | null;
  currentUserId: string;
  onClose: () => void;
  /** Where to come back to after confirming identity. */
  returnTo: string;
};

/** Key it by the account id: what it says about one account must not linger on the next. */
export function AccountDrawer({ userId, initial, currentUserId, onClose, returnTo }: AccountDrawerProps) {
  const account = trpc.users.get.useQuery(userId === null ? skipToken : { userId }, {
    placeholderData: initial ?? undefined,
  });
  const utils = trpc.useUtils();
  const [notice, setNotice] = useState<string | null>(null);
  const user = account.data;
  const isSelf = user?.id === currentUserId;

  const onChanged = (updated: UserSummary, message: string) => {
    utils.users.get.setData({ userId: updated.id }, updated);
    void utils.users.list.invalidate();
    setNotice(message);
  };

  return (
    <Drawer
      open={userId !== null}
      onClose={onClose}
      size="lg"
      title={user ? `${user.name}${isSelf ? " (you)" : ""}` : "Account"}
      description={user?.email}
    >
      <div className="flex flex-col gap-6">
        {/* Announced politely; it names what the last action did. */}
        <p
          role="status"
          className={
            notice ? "rounded-md border border-ok-line bg-ok-soft px-3 py-2 text-sm text-ok-fg" : "sr-only"
          }
        >
          {notice}
        </p>
        {user ? (
          <>
            <AccountDetails user={user} />
            <Section title="Name and roles">
              {/* Remounted when the saved values change, so the form starts from what the server holds. */}
              <EditAccountForm
                key={`${user.name}|${user.roles.join()}`}
                user={user}
                returnTo={returnTo}
                onChanged={onChanged}
              />
            </Section>
            <Section title="Access">
              <AccessActions user={user} returnTo={returnTo} onChanged={onChanged} />
            </Section>
            <Section title="Password">
              <ResetPasswordForm user={user} returnTo={returnTo} onChanged={onChanged} />
            </Section>
          </>
        ) : account.error ? (
          <RequestError error={describeClientError(account.error)} returnTo={returnTo} />
        ) : (
          <p role="status" className="flex items-center gap-2 py-6 text-sm text-fg-muted">
            <LoaderCircle className="size-4 motion-safe:animate-spin" aria-hidden="true" />
            Loading account…
          </p>
        )}
      </div>
    </Drawer>
  );
}

function AccountDetails({ user }: { user: UserSummary }) {
  return (
    <dl className="grid grid-cols-[9rem_minmax(0,1fr)] gap-x-4 gap-y-2.5 text-sm">
      <Field label="Status">
        <UserStatusBadge user={user} />
      </Field>
      <Field label="Sign-in method">{signInMethodLabels[user.signInMethod]}</Field>
      <Field label="Roles">
        <UserRoleBadges roles={user.roles} />
      </Field>
      <Field label="Last sign-in">{user.lastLoginAt ? formatDateTime(user.lastLoginAt) : "Never"}</Field>
      <Field label="Failed sign-ins">{user.failedLoginCount}</Field>
      <Field label="Created">{formatDateTime(user.createdAt)}</Field>
    </dl>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-fg-muted">{label}</dt>
      <dd className="min-w-0 text-fg">{children}</dd>
    </>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section aria-labelledby={id} className="flex flex-col gap-3 border-t border-border pt-5">
      <h3 id={id} className="text-sm font-semibold text-fg">
        {title}
      </h3>
      {children}
    </section>
  );
}
