"use client";

// A security officer's exception for one finding: the VEX status, why (a justification is required for
// not_affected), the impact or action in their words, how far it reaches (this release, every version of the
// product, every release) and until when. The portal writes it as an OpenVEX statement signed with the attestation key;
// recording it needs a recent sign-in, and a stale one is answered with the link to confirm it's you.
import { useId, useState } from "react";
import { formErrorsOf } from "@/components/forms/form-errors";
import { trpc } from "@/components/trpc/client";
import { RequestError } from "@/components/trpc/request-error";
import { Button } from "@/components/ui/button";
import { Drawer } from "@/components/ui/drawer";
import { Input, Label, Select } from "@/components/ui/input";
import type { VexedFinding } from "@/server/gates/vex-apply";

const STATUSES = [
  ["not_affected", "Not affected: the vulnerable code cannot be reached or exploited here"],
  ["affected", "Affected: the release is exposed; say what is being done"],
  ["fixed", "Fixed: this release carries the fix"],
  ["under_investigation", "Under investigation: not known yet (still counted)"],
] as const;

const JUSTIFICATIONS = [
  ["component_not_present", "Component not present"],
  ["vulnerable_code_not_present", "Vulnerable code not present"],
  ["vulnerable_code_not_in_execute_path", "Vulnerable code not in execute path"],
  [
    "vulnerable_code_cannot_be_controlled_by_adversary",
    "Vulnerable code cannot be controlled by an adversary",
  ],
  ["inline_mitigations_already_exist", "Inline mitigations already exist"],
] as const;

type Status = (typeof STATUSES)[number][0];
type Justification = (typeof JUSTIFICATIONS)[number][0];
type ScopeChoice = "RELEASE" | "PRODUCT" | "ALL";

const DAY = 86_400_000;
const dateInput = (at: Date) => at.toISOString().slice(0, 10);

export function VexExceptionDrawer({
  finding,
  release,
  onClose,
  onRecorded,
}: {
  finding: VexedFinding;
  release: { id: string; product: string; version: string };
  onClose: () => void;
  onRecorded: () => void;
}) {
  const id = useId();
  const [status, setStatus] = useState<Status>("not_affected");
  const [justification, setJustification] = useState<Justification | "">("");
  const [impact, setImpact] = useState("");
  const [action, setAction] = useState("");
  const [scope, setScope] = useState<ScopeChoice>("RELEASE");
  const [expires, setExpires] = useState(() => dateInput(new Date(Date.now() + 90 * DAY)));
  const record = trpc.policies.recordVex.useMutation({ onSuccess: () => onRecorded() });
  const errors = formErrorsOf(record.error);
  const returnTo = `/releases/${release.id}`;
  const formId = `${id}-form`;
  const scopes: [ScopeChoice, string][] = [
    ["RELEASE", `This release only (${release.product} ${release.version})`],
    ["PRODUCT", `Every version of ${release.product}`],
    ["ALL", `All releases that contain ${finding.package}`],
  ];

  const submit = () => {
    if (record.isPending) return;
    record.mutate({
      vulnerability: finding.id,
      status,
      ...(justification ? { justification } : {}),
      ...(impact.trim() ? { impactStatement: impact } : {}),
      ...(action.trim() ? { actionStatement: action } : {}),
      ...(finding.purl ? { packagePurl: finding.purl } : {}),
      scope:
        scope === "RELEASE"
          ? { kind: "RELEASE", releaseId: release.id }
          : scope === "PRODUCT"
            ? { kind: "PRODUCT", product: release.product, versions: [] }
            : { kind: "ALL" },
      // the end of the chosen day, in the viewer's time zone
      expiresAt: new Date(`${expires}T23:59:59`),
    });
  };

  return (
    <Drawer
      open
      onClose={onClose}
      size="lg"
      title={`Add exception for ${finding.id}`}
      description={`${finding.package}@${finding.version}, ${finding.severity}${finding.cvss === null ? "" : `, CVSS ${finding.cvss.toFixed(1)}`}. Signed in your name with the portal's attestation key.`}
      footer={
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" form={formId} aria-disabled={record.isPending}>
            Sign and record exception
          </Button>
        </div>
      }
    >
      <form
        id={formId}
        noValidate
        className="flex flex-col gap-4"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        {errors.alert ? <RequestError error={errors.alert} returnTo={returnTo} /> : null}
        <fieldset className="flex flex-col gap-1.5">
          <legend className="mb-1 text-sm font-medium text-fg">Status</legend>
          {STATUSES.map(([value, label]) => (
            <label key={value} className="flex items-start gap-2 text-sm">
              <input
                type="radio"
                name={`${id}-status`}
                value={value}
                checked={status === value}
                onChange={() => setStatus(value)}
                className="mt-1"
              />
              <span>
                <span className="font-mono text-xs">{value}</span> · {label.split(": ")[1]}
              </span>
            </label>
          ))}
          {errors.fields.status ? (
            <p className="text-xs font-medium text-bad-fg">{errors.fields.status}</p>
          ) : null}
        </fieldset>
        <div className="flex flex-col gap-1">
          <Label htmlFor={`${id}-justification`} required={status === "not_affected"}>
            Justification
          </Label>
          <Select
            id={`${id}-justification`}
            value={justification}
            onChange={(event) => setJustification(event.target.value as Justification | "")}
            error={errors.fields.justification}
            hint={
              status === "not_affected"
                ? "Required for not_affected: why the code is not affected"
                : undefined
            }
          >
            <option value="">— choose —</option>
            {JUSTIFICATIONS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </Select>
        </div>
        <div className="flex flex-col gap-1">
          <Label htmlFor={`${id}-impact`}>Impact statement</Label>
          <textarea
            id={`${id}-impact`}
            value={impact}
            onChange={(event) => setImpact(event.target.value)}
            rows={2}
            placeholder="e.g. vulnerable code path not reachable"
            className="block w-full rounded-md border border-border-strong bg-surface px-3 py-2 text-sm text-fg shadow-sm"
          />
          {errors.fields.impactStatement ? (
            <p className="text-xs font-medium text-bad-fg">{errors.fields.impactStatement}</p>
          ) : null}
        </div>
        <div className="flex flex-col gap-1">
          <Label htmlFor={`${id}-action`} required={status === "affected"}>
            Action statement
          </Label>
          <textarea
            id={`${id}-action`}
            value={action}
            onChange={(event) => setAction(event.target.value)}
            rows={2}
            placeholder="What is being done about it (required for affected)"
            aria-invalid={errors.fields.actionStatement ? true : undefined}
            className="block w-full rounded-md border border-border-strong bg-surface px-3 py-2 text-sm text-fg shadow-sm"
          />
          {errors.fields.actionStatement ? (
            <p className="text-xs font-medium text-bad-fg">{errors.fields.actionStatement}</p>
          ) : null}
        </div>
        <fieldset className="flex flex-col gap-1.5">
          <legend className="mb-1 text-sm font-medium text-fg">Scope</legend>
          {scopes.map(([value, label]) => (
            <label key={value} className="flex items-center gap-2 text-sm">
              <input
                type="radio"
                name={`${id}-scope`}
                value={value}
                checked={scope === value}
                onChange={() => setScope(value)}
              />
              {label}
            </label>
          ))}
          {errors.fields.scope || errors.fields.packagePurl ? (
            <p className="text-xs font-medium text-bad-fg">
              {errors.fields.scope ?? errors.fields.packagePurl}
            </p>
          ) : null}
        </fieldset>
        <div className="flex flex-col gap-1">
          <Label htmlFor={`${id}-expires`} required>
            Expires on
          </Label>
          <Input
            id={`${id}-expires`}
            type="date"
            value={expires}
            onChange={(event) => setExpires(event.target.value)}
            error={errors.fields.expiresAt}
            hint="After this day the finding counts again (default: 90 days)"
            className="w-48"
          />
        </div>
      </form>
    </Drawer>
  );
}
