import { z } from "zod";
import { procedureWith, router, signedInProcedure } from "../trpc/init";
import { effectivePermissions } from "./effective-permissions";
import { ROLE_PERMISSIONS } from "./matrix";
import { ALL_PERMISSIONS, PERMISSIONS, ROLES, roleLabels } from "./permissions";

export const authzRouter = router({
  /** Who the caller is and what they may do right now (roles plus active grants). */
  me: signedInProcedure.input(z.void()).query(({ ctx }) => ({
    user: { id: ctx.user.id, name: ctx.user.name, email: ctx.user.email, roles: ctx.user.roles },
    authTime: ctx.user.authTime,
    permissions: [...effectivePermissions(ctx.principal, ctx.clock.now())].sort(),
  })),

  matrix: procedureWith("rbac:read")
    .input(z.void())
    .query(() => ({
      roles: ROLES.map((role) => ({
        role,
        label: roleLabels[role],
        permissions: [...ROLE_PERMISSIONS[role]],
      })),
      permissions: ALL_PERMISSIONS.map((permission) => ({
        permission,
        description: PERMISSIONS[permission],
      })),
    })),
});
