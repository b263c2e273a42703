// Words the account list and the browser share, in a module without zod or Node APIs so client components can
// import it without pulling the schemas into the browser bundle.
export const USER_SORTS = ["email", "createdAt"] as const;
export type UserSort = (typeof USER_SORTS)[number];

export const USER_STATUSES = ["active", "disabled", "locked"] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export type SignInMethod = "password" | "sso" | "none";

export const PASSWORD_MIN_LENGTH = 12;
