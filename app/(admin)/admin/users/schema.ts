import { z } from "zod";
import { roles } from "@/db/schema";

// The fields of the user forms (FormData: every value is a string; a disabled select is absent).

/** An empty select ("No company") is absent, not an invalid id. */
const optionalCompanyId = z.preprocess(
  (value) => (value === "" || value === null ? undefined : value),
  z.guid("Choose one of the listed companies.").optional(),
);

// z.guid(), not z.uuid(): seeded ids have no RFC version bits.
export const userIdSchema = z.guid("This user does not exist.");

/** Where the app is served, so a link can be shown and emailed whole; http(s) only. */
const originSchema = z
  .url({ protocol: /^https?$/, error: "The page's address is missing. Reload the page and try again." })
  .transform((value) => new URL(value).origin);

const userFields = z.object({
  name: z.string().trim().min(1, "Enter a name.").max(100, "Use at most 100 characters."),
  email: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.email("Enter a valid email address.").max(254, "Use at most 254 characters.")),
  role: z.enum(roles, { error: "Choose a role." }),
  companyId: optionalCompanyId,
});

/** Clients belong to a company; staff have none (a company sent with a staff role is ignored). */
function companyRule(value: { role: (typeof roles)[number]; companyId?: string }, context: z.RefinementCtx): void {
  if (value.role === "client" && !value.companyId) {
    context.addIssue({ code: "custom", path: ["companyId"], message: "Choose the company this client belongs to." });
  }
}

export const createUserSchema = userFields.extend({ origin: originSchema }).superRefine(companyRule);
export type CreateUserInput = z.infer<typeof createUserSchema>;

export const updateUserSchema = userFields.extend({ userId: userIdSchema }).superRefine(companyRule);
export type UpdateUserInput = z.infer<typeof updateUserSchema>;

export const userTargetSchema = z.object({ userId: userIdSchema });

export const resetPasswordSchema = z.object({ userId: userIdSchema, origin: originSchema });

/** What the commands that issue a one-time link return, for the page to show once. */
export type PasswordLinkResult = {
  userId: string;
  url: string;
  /** ISO time */
  expiresAt: string;
  /** sendMail delivered it */
  emailed: boolean;
};

// ------------------------------------------------------------------ the list's URL

const firstValue = (value: unknown) => (Array.isArray(value) ? value[0] : value);
const blankToUndefined = (value: unknown) => {
  const first = firstValue(value);
  return typeof first === "string" && first.trim() !== "" ? first.trim() : undefined;
};

/** The list's query parameters; anything unreadable is treated as not given. */
export const userListParamsSchema = z.object({
  q: z.preprocess(blankToUndefined, z.string().max(100).optional()).catch(undefined),
  role: z.preprocess(blankToUndefined, z.enum(roles).optional()).catch(undefined),
  status: z.preprocess(blankToUndefined, z.enum(["active", "deactivated"]).optional()).catch(undefined),
  company: z.preprocess(blankToUndefined, z.guid().optional()).catch(undefined),
  page: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).max(10_000).optional()).catch(undefined),
});
export type UserListParams = z.infer<typeof userListParamsSchema>;
