// A local (password) account, created by an administrator in the UI or by an operator with the bootstrap CLI.
// The password is hashed before the transaction (scrypt is slow on purpose; no lock is held meanwhile) and is
// neither returned nor audited.
import { appendAudit } from "../audit/append-audit";
import { normalizeEmail } from "../auth/normalize-email";
import { hashPassword } from "../auth/password";
import type { PortalPrisma } from "../db/connection";
import { Prisma } from "../db/generated/client";
import { DomainError } from "../lib/domain-error";
import {
  type AccountChangeContext,
  accountSelect,
  knownRolesOrThrow,
  lockAccounts,
  toUserSummary,
} from "./account";
import { type CreateLocalUserInput, type UserSummary, ZCreateLocalUserInput } from "./schemas";

export type CreateLocalUserOptions = AccountChangeContext & {
  input: CreateLocalUserInput;
  /** where the request came from, recorded in the audit event: "admin" (the UI) or "cli" */
  source: "admin" | "cli";
};

const duplicate = () =>
  new DomainError("CONFLICT", "An account with this email already exists", { field: "email" });

export async function createLocalUser(
  prisma: PortalPrisma,
  options: CreateLocalUserOptions,
): Promise<UserSummary> {
  const input = ZCreateLocalUserInput.parse(options.input);
  const email = normalizeEmail(input.email);
  const roles = knownRolesOrThrow(input.roles);
  // Checked before hashing so an obvious duplicate is refused at once; checked again under the lock below.
  if (await prisma.user.findUnique({ where: { email }, select: { id: true } })) throw duplicate();
  const passwordHash = await hashPassword(input.password);

  try {
    return await prisma.$transaction(async (tx) => {
      await lockAccounts(tx);
      if (await tx.user.findUnique({ where: { email }, select: { id: true } })) throw duplicate();
      const row = await tx.user.create({
        data: { email, name: input.name, roles, passwordHash },
        select: accountSelect,
      });
      await appendAudit(tx, {
        payload: { type: "user.created", email, roles, source: options.source },
        actor: options.actor,
        subject: { type: "user", id: row.id },
        request: options.request,
        clock: options.clock,
      });
      return toUserSummary(row, options.clock.now());
    });
  } catch (error) {
    // An identity-provider sign-in does not take the account lock and may create the same email meanwhile.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw duplicate();
    throw error;
  }
}
