// Inputs and outputs of account management. The same schemas check the admin UI (through tRPC) and the
// bootstrap CLI (scripts/create-user.ts), so both refuse the same things with the same words.
import { z } from "zod";
import { ROLES, type Role } from "../authz/permissions";
import {
  PASSWORD_MIN_LENGTH,
  type SignInMethod,
  USER_SORTS,
  USER_STATUSES,
  type UserStatus,
} from "./vocabulary";

export * from "./vocabulary";

// authenticatePassword refuses longer passwords without hashing them, so a longer one could never sign in.
export const PASSWORD_MAX_LENGTH = 1024;
// RFC 5321's limit; sign-in does not look longer addresses up.
const EMAIL_MAX_LENGTH = 254;

const ZUserId = z.uuid("Not a valid account id");

export const ZEmail = z
  .string()
  .trim()
  .max(EMAIL_MAX_LENGTH, `At most ${EMAIL_MAX_LENGTH} characters`)
  .pipe(z.email("Enter a valid email address"));

export const ZName = z.string().trim().min(1, "Enter a name").max(200, "At most 200 characters");

export const ZRole = z.enum(ROLES, { error: () => `Unknown role; known roles: ${ROLES.join(", ")}` });

export const ZRoles = z
  .array(ZRole)
  .min(1, "Choose at least one role")
  .max(ROLES.length * 2, "Too many roles");

export const ZPassword = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `At least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `At most ${PASSWORD_MAX_LENGTH} characters`);

export const ZCreateLocalUserInput = z.object({
  email: ZEmail,
  name: ZName,
  roles: ZRoles,
  password: ZPassword,
});
export type CreateLocalUserInput = z.input<typeof ZCreateLocalUserInput>;

export const ZUpdateUserInput = z
  .object({ userId: ZUserId, name: ZName.optional(), roles: ZRoles.optional() })
  .refine((input) => input.name !== undefined || input.roles !== undefined, {
    message: "Nothing to change: give a name or roles",
  });
export type UpdateUserInput = z.input<typeof ZUpdateUserInput>;

export const ZSetUserDisabledInput = z.object({ userId: ZUserId, disabled: z.boolean() });
export type SetUserDisabledInput = z.input<typeof ZSetUserDisabledInput>;

export const ZUserIdInput = z.object({ userId: ZUserId });
export type UserIdInput = z.input<typeof ZUserIdInput>;

export const ZResetUserPasswordInput = z.object({ userId: ZUserId, password: ZPassword });
export type ResetUserPasswordInput = z.input<typeof ZResetUserPasswordInput>;

/** Where the next page starts: the sort value and id of the last row of this one (opaque to the browser). */
export type UserCursor = { value: string; id: string };

export function encodeUserCursor(cursor: UserCursor): string {
  return Buffer.from(JSON.stringify([cursor.value, cursor.id])).toString("base64url");
}

const ZCursorTuple = z.tuple([z.string().max(EMAIL_MAX_LENGTH), z.uuid()]);

/** null for anything this server did not hand out (a hand-edited or truncated cursor). */
export function decodeUserCursor(text: string): UserCursor | null {
  try {
    const parsed = ZCursorTuple.safeParse(JSON.parse(Buffer.from(text, "base64url").toString("utf8")));
    return parsed.success ? { value: parsed.data[0], id: parsed.data[1] } : null;
  } catch {
    return null;
  }
}

// Stays a string after parsing, so a parsed input can be parsed again (the services re-check what they get).
const ZUserCursor = z
  .string()
  .max(1024)
  .refine((text) => decodeUserCursor(text) !== null, "Not a valid page cursor");

export const ZUserListInput = z
  .object({
    sort: z.enum(USER_SORTS).default("email"),
    order: z.enum(["asc", "desc"]).default("asc"),
    limit: z.number().int().min(1).max(200).default(50),
    // Forward only: the shared pager (useKeysetPager) remembers the cursors of the pages before.
    after: ZUserCursor.optional(),
    filters: z
      .object({
        search: z.string().trim().max(200).optional(),
        role: ZRole.optional(),
        status: z.enum(USER_STATUSES).optional(),
      })
      .default({}),
  })
  .refine((input) => input.sort !== "createdAt" || !input.after || isDateCursor(input.after), {
    message: "Not a valid page cursor",
    path: ["after"],
  })
  .default({ sort: "email", order: "asc", limit: 50, filters: {} });
export type UserListInput = z.input<typeof ZUserListInput>;

function isDateCursor(text: string): boolean {
  const cursor = decodeUserCursor(text);
  return cursor !== null && !Number.isNaN(new Date(cursor.value).getTime());
}

/** What the browser sees of an account: no password hash, no raw row. */
export type UserSummary = {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  signInMethod: SignInMethod;
  status: UserStatus;
  /** set while the account is locked after failed sign-ins */
  lockedUntil: Date | null;
  failedLoginCount: number;
  lastLoginAt: Date | null;
  createdAt: Date;
};

export type UserPage = {
  users: UserSummary[];
  /** cursor for the next page, null at the end */
  nextCursor: string | null;
};
