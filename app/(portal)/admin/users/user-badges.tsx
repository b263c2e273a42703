import { formatDateTime } from "@/components/format/date-time";
import { Badge } from "@/components/ui/badge";
import { roleLabels } from "@/server/authz/permissions";
import type { UserSummary } from "@/server/users/schemas";
import type { SignInMethod } from "@/server/users/vocabulary";

export function UserStatusBadge({ user }: { user: Pick<UserSummary, "status" | "lockedUntil"> }) {
  switch (user.status) {
    case "active":
      return <Badge tone="ok">Active</Badge>;
    case "disabled":
      return <Badge tone="bad">Disabled</Badge>;
    case "locked":
      return (
        <Badge tone="warn">
          Locked{user.lockedUntil ? ` until ${formatDateTime(user.lockedUntil)}` : ""}
        </Badge>
      );
  }
}

export function UserRoleBadges({ roles }: { roles: UserSummary["roles"] }) {
  return (
    <span className="flex flex-wrap gap-1">
      {roles.map((role) => (
        <Badge key={role} tone={role === "ADMIN" ? "info" : "neutral"}>
          {roleLabels[role]}
        </Badge>
      ))}
    </span>
  );
}

export const signInMethodLabels: Record<SignInMethod, string> = {
  password: "Password",
  sso: "SSO",
  none: "None",
};
