import { Badge, type BadgeTone } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { isRole, roleLabels } from "@/server/authz/permissions";

// Tone by family: sign-ins are routine (info), refusals are what an auditor looks for first (bad), and the log
// checking itself is reassuring (ok).
export function actionTone(action: string): BadgeTone {
  if (action === "authz.denied") return "bad";
  if (action.startsWith("auth.")) return "info";
  if (action.startsWith("audit.")) return "ok";
  return "neutral";
}

export function ActionBadge({ action, className }: { action: string; className?: string }) {
  return (
    <Badge tone={actionTone(action)} className={cn("font-mono", className)}>
      {action}
    </Badge>
  );
}

/** Roles as recorded on the event (they may have changed since); unknown values are shown verbatim. */
export function RoleBadges({ roles }: { roles: readonly string[] }) {
  if (roles.length === 0) return null;
  return (
    <span className="flex flex-wrap gap-1">
      {roles.map((role) => (
        // Smaller than a Badge on purpose: roles are context for the actor, not a status.
        <span
          key={role}
          className="inline-flex rounded border border-border bg-surface-muted px-1.5 text-[11px] leading-4 whitespace-nowrap text-fg-muted"
        >
          {isRole(role) ? roleLabels[role] : role}
        </span>
      ))}
    </span>
  );
}
