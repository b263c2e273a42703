"use client";

import { useId, useState } from "react";
import { formErrorsOf } from "@/components/forms/form-errors";
import { trpc } from "@/components/trpc/client";
import { RequestError } from "@/components/trpc/request-error";
import { Button } from "@/components/ui/button";
import { Drawer } from "@/components/ui/drawer";
import { Input, Label } from "@/components/ui/input";
import type { Role } from "@/server/authz/permissions";
import type { UserSummary } from "@/server/users/schemas";
import { PASSWORD_MIN_LENGTH } from "@/server/users/vocabulary";
import { RoleCheckboxes } from "./role-checkboxes";

export type NewAccountDrawerProps = {
  open: boolean;
  onClose: () => void;
  onCreated: (user: UserSummary) => void;
  /** Where to come back to after confirming identity. */
  returnTo: string;
};

/** Mount it afresh for each opening (a key), so no typed password outlives the drawer. */
export function NewAccountDrawer({ open, onClose, onCreated, returnTo }: NewAccountDrawerProps) {
  const formId = useId();
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [roles, setRoles] = useState<Role[]>([]);
  const [password, setPassword] = useState("");
  const utils = trpc.useUtils();
  const create = trpc.users.create.useMutation({
    onSuccess: (user) => {
      setPassword("");
      void utils.users.list.invalidate();
      onCreated(user);
    },
  });
  const errors = formErrorsOf(create.error);

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title="New account"
      description="A local account that signs in with its email and a password. Share the password with its owner in person or through a channel you trust."
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" form={formId} aria-disabled={create.isPending}>
            {create.isPending ? "Creating…" : "Create account"}
          </Button>
        </>
      }
    >
      {/* noValidate: the server's rules and messages are the ones shown, in one place. */}
      <form
        id={formId}
        noValidate
        className="flex flex-col gap-4"
        onSubmit={(event) => {
          event.preventDefault();
          if (create.isPending) return;
          create.mutate({ email, name, roles, password });
        }}
      >
        {errors.alert ? <RequestError error={errors.alert} returnTo={returnTo} /> : null}
        <div className="flex flex-col gap-1.5">
          <Label htmlFor={`${formId}-email`}>Email</Label>
          <Input
            id={`${formId}-email`}
            type="email"
            autoComplete="off"
            spellCheck={false}
            value={email}
            error={errors.fields.email}
            onChange={(event) => setEmail(event.target.value)}
          />
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor={`${formId}-name`}>Name</Label>
          <Input
            id={`${formId}-name`}
            autoComplete="off"
            value={name}
            error={errors.fields.name}
            onChange={(event) => setName(event.target.value)}
          />
        </div>
        <RoleCheckboxes value={roles} onChange={setRoles} error={errors.fields.roles} />
        <div className="flex flex-col gap-1.5">
          <Label htmlFor={`${formId}-password`}>Password</Label>
          <Input
            id={`${formId}-password`}
            type="password"
            autoComplete="new-password"
            value={password}
            hint={`Min ${PASSWORD_MIN_LENGTH} characters. It is never shown again, nor stored in readable form.`}
            error={errors.fields.password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </div>
      </form>
    </Drawer>
  );
}
