// How a procedure declares who may call it. Every procedure carries one of these in its meta; the permission
// test walks all of them, so none can ship without a declared rule.
import type { Permission } from "../authz/permissions";

export type ProcedureAccess =
  | { kind: "public" }
  | { kind: "signed-in" }
  | { kind: "permission"; permission: Permission };

export type ProcedureMeta = { access: ProcedureAccess };
