import { LogOut } from "lucide-react";
import { signOutAction } from "@/app/actions/sign-out";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { type Role, roleLabels } from "@/server/authz/permissions";

/** Who is signed in and with which roles, with the way out. */
export function UserMenu({ name, email, roles }: { name: string; email: string; roles: Role[] }) {
  return (
    <div className="flex items-center gap-3">
      <div className="flex flex-col items-end leading-tight">
        <span className="text-sm font-medium text-fg" data-testid="signed-in-user">
          {name}
        </span>
        <span className="text-xs text-fg-subtle">{email}</span>
      </div>
      <ul aria-label="Your roles" className="flex flex-wrap gap-1">
        {roles.map((role) => (
          <li key={role}>
            <Badge tone="info">{roleLabels[role]}</Badge>
          </li>
        ))}
      </ul>
      <form action={signOutAction}>
        <Button type="submit" variant="ghost" size="sm">
          <LogOut aria-hidden="true" />
          Sign out
        </Button>
      </form>
    </div>
  );
}
