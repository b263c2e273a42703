"use client";

// Edits one environment's policy: how many approvals each role gives (0 = not asked), the soak after the previous
// environment, and how long a request stays open. No approvals at all makes the environment automatic.
import { useEffect, useId, useState } from "react";
import { formErrorsOf } from "@/components/forms/form-errors";
import { TextField } from "@/components/forms/text-field";
import { trpc } from "@/components/trpc/client";
import { RequestError } from "@/components/trpc/request-error";
import { Button } from "@/components/ui/button";
import { Drawer } from "@/components/ui/drawer";
import type { EnvironmentPolicyView } from "@/server/releases/environments/find-environments";

const APPROVER_ROLES = [
  { role: "RELEASE_ENGINEER", label: "Release engineers" },
  { role: "SECURITY_OFFICER", label: "Security officers" },
] as const;

export function PolicyDrawer({
  policy,
  returnTo,
  onClose,
  onSaved,
}: {
  policy: EnvironmentPolicyView | null;
  returnTo: string;
  onClose: () => void;
  onSaved: (environment: string) => void;
}) {
  const id = useId();
  const [counts, setCounts] = useState<Record<string, string>>({});
  const [soak, setSoak] = useState("0");
  const [ttl, setTtl] = useState("72");
  const update = trpc.promotions.updateEnvironment.useMutation({
    onSuccess: (result) => onSaved(result.environment),
  });
  const { reset } = update;
  useEffect(() => {
    if (!policy) return;
    reset();
    setCounts(
      Object.fromEntries(
        APPROVER_ROLES.map(({ role }) => [
          role,
          String(policy.requiredApprovals.find((line) => line.role === role)?.count ?? 0),
        ]),
      ),
    );
    setSoak(String(policy.soakMinutes));
    setTtl(String(policy.requestTtlHours));
  }, [policy, reset]);
  const errors = formErrorsOf(update.error);
  const formId = `${id}-form`;
  return (
    <Drawer
      open={policy !== null}
      onClose={onClose}
      title={policy ? `${policy.environment} policy` : "Policy"}
      description="Changes apply to open requests too, when they are next decided. Needs a recent sign-in."
      footer={
        <div className="flex justify-end gap-2">
          <Button variant="ghost" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" form={formId} aria-disabled={update.isPending}>
            Save policy
          </Button>
        </div>
      }
    >
      {policy ? (
        <form
          id={formId}
          noValidate
          className="flex flex-col gap-4"
          onSubmit={(event) => {
            event.preventDefault();
            if (update.isPending) return;
            update.mutate({
              environment: policy.environment,
              requiredApprovals: APPROVER_ROLES.map(({ role }) => ({
                role,
                count: Number(counts[role] ?? 0),
              })).filter((line) => line.count > 0),
              soakMinutes: Number(soak),
              requestTtlHours: Number(ttl),
            });
          }}
        >
          {errors.alert ? <RequestError error={errors.alert} returnTo={returnTo} /> : null}
          <fieldset className="flex flex-col gap-3">
            <legend className="mb-1 text-sm font-medium text-fg">
              Approvals (different people; 0 = not asked)
            </legend>
            {APPROVER_ROLES.map(({ role, label }) => (
              <TextField
                key={role}
                id={`${id}-${role}`}
                label={label}
                type="number"
                min={0}
                max={5}
                inputMode="numeric"
                value={counts[role] ?? "0"}
                error={errors.fields.requiredApprovals}
                onValue={(value) => setCounts((current) => ({ ...current, [role]: value }))}
              />
            ))}
          </fieldset>
          <TextField
            id={`${id}-soak`}
            label="Soak after the previous environment (minutes)"
            type="number"
            min={0}
            inputMode="numeric"
            value={soak}
            error={errors.fields.soakMinutes}
            onValue={setSoak}
          />
          <TextField
            id={`${id}-ttl`}
            label="Requests expire after (hours)"
            type="number"
            min={1}
            inputMode="numeric"
            value={ttl}
            error={errors.fields.requestTtlHours}
            onValue={setTtl}
          />
        </form>
      ) : null}
    </Drawer>
  );
}
