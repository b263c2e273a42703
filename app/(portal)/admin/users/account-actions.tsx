"use client";

// The account drawer's actions. Each shows the server's answer where it was asked: a refusal (the policy's own
// words, or "confirm it's you" when the sign-in is too old) sits right above the button that caused it.
import { Ban, CircleCheck, LockOpen } from "lucide-react";
import { useId, useState } from "react";
import { formErrorsOf } from "@/components/forms/form-errors";
import { TextField } from "@/components/forms/text-field";
import { trpc } from "@/components/trpc/client";
import { RequestError } from "@/components/trpc/request-error";
import { Button } from "@/components/ui/button";
import type { Role } from "@/server/authz/permissions";
import type { UserSummary } from "@/server/users/schemas";
import { PASSWORD_MIN_LENGTH } from "@/server/users/vocabulary";
import { RoleCheckboxes } from "./role-checkboxes";

type ActionProps = {
  user: UserSummary;
  returnTo: string;
  onChanged: (user: UserSummary, message: string) => void;
};

export function EditAccountForm({ user, returnTo, onChanged }: ActionProps) {
  const id = useId();
  const [name, setName] = useState(user.name);
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const update = trpc.users.update.useMutation({
    onSuccess: (updated) => onChanged(updated, "Changes saved."),
  });
  const errors = formErrorsOf(update.error);
  return (
    <form
      noValidate
      className="flex flex-col gap-4"
      onSubmit={(event) => {
        event.preventDefault();
        if (!update.isPending) update.mutate({ userId: user.id, name, roles });
      }}
    >
      {errors.alert ? <RequestError error={errors.alert} returnTo={returnTo} /> : null}
      <TextField
        id={`${id}-name`}
        label="Name"
        autoComplete="off"
        value={name}
        error={errors.fields.name}
        onValue={setName}
      />
      <RoleCheckboxes
        value={roles}
        onChange={setRoles}
        error={errors.fields.roles}
        hint={
          user.signInMethod === "sso"
            ? "The identity provider assigns this account's roles at every sign-in: change its groups there."
            : undefined
        }
      />
      <div>
        <Button type="submit" variant="secondary" aria-disabled={update.isPending}>
          Save changes
        </Button>
      </div>
    </form>
  );
}

export function AccessActions({ user, returnTo, onChanged }: ActionProps) {
  const setDisabled = trpc.users.setDisabled.useMutation({
    onSuccess: (updated) =>
      onChanged(
        updated,
        updated.status === "disabled"
          ? "Account disabled: it cannot sign in, and its open sessions end on their next request."
          : "Account enabled: it can sign in again.",
      ),
  });
  const unlock = trpc.users.unlock.useMutation({
    onSuccess: (updated) => onChanged(updated, "Lockout cleared: the account can sign in again."),
  });
  const pending = setDisabled.isPending || unlock.isPending;
  const error = setDisabled.error ?? unlock.error;
  const errors = formErrorsOf(error);
  const lockoutToClear = user.lockedUntil !== null || user.failedLoginCount > 0;

  return (
    <div className="flex flex-col gap-3">
      {errors.alert ? <RequestError error={errors.alert} returnTo={returnTo} /> : null}
      <div className="flex flex-wrap gap-2">
        {user.status === "disabled" ? (
          <Button
            variant="secondary"
            aria-disabled={pending}
            onClick={() => {
              if (pending) return;
              unlock.reset();
              setDisabled.mutate({ userId: user.id, disabled: false });
            }}
          >
            <CircleCheck aria-hidden="true" />
            Enable account
          </Button>
        ) : (
          <Button
            variant="danger"
            aria-disabled={pending}
            onClick={() => {
              if (pending) return;
              unlock.reset();
              setDisabled.mutate({ userId: user.id, disabled: true });
            }}
          >
            <Ban aria-hidden="true" />
            Disable account
          </Button>
        )}
        {lockoutToClear ? (
          <Button
            variant="secondary"
            aria-disabled={pending}
            onClick={() => {
              if (pending) return;
              setDisabled.reset();
              unlock.mutate({ userId: user.id });
            }}
          >
            <LockOpen aria-hidden="true" />
            Unlock account
          </Button>
        ) : null}
      </div>
      <p className="text-xs text-fg-muted">
        A disabled account cannot sign in and is signed out on its next request. Unlocking clears a lockout
        after failed sign-ins, and the failures counted so far.
      </p>
    </div>
  );
}

export function ResetPasswordForm({ user, returnTo, onChanged }: ActionProps) {
  const id = useId();
  const [password, setPassword] = useState("");
  const reset = trpc.users.resetPassword.useMutation({
    onSuccess: (updated) => {
      setPassword("");
      onChanged(updated, "Password changed. Give it to the owner through a channel you trust.");
    },
  });
  const errors = formErrorsOf(reset.error);

  if (user.signInMethod !== "password") {
    return (
      <p className="text-sm text-fg-muted">
        {user.signInMethod === "sso"
          ? "This account signs in through the identity provider and has no password here."
          : "This account has no password."}
      </p>
    );
  }
  return (
    <form
      noValidate
      className="flex flex-col gap-3"
      onSubmit={(event) => {
        event.preventDefault();
        if (!reset.isPending) reset.mutate({ userId: user.id, password });
      }}
    >
      {errors.alert ? <RequestError error={errors.alert} returnTo={returnTo} /> : null}
      <TextField
        id={`${id}-password`}
        label="New password"
        type="password"
        autoComplete="new-password"
        value={password}
        hint={`Min ${PASSWORD_MIN_LENGTH} characters. Also clears any lockout.`}
        error={errors.fields.password}
        onValue={setPassword}
      />
      <div>
        <Button type="submit" variant="secondary" aria-disabled={reset.isPending}>
          Set new password
        </Button>
      </div>
    </form>
  );
}
