import "server-only";
import { dictionary } from "@zxcvbn-ts/language-common";
import { z } from "zod";

// zxcvbn-ts's list of the ~49,000 most common passwords (PRODUCT.md §7).
const COMMON_PASSWORDS = new Set(dictionary.passwords.map((password) => password.toLowerCase()));

export function isCommonPassword(password: string): boolean {
  return COMMON_PASSWORDS.has(password.toLowerCase());
}

/** At least 8 characters, at most 128, no composition rules, not a common password. */
export const newPasswordSchema = z
  .string()
  .min(8, "Use at least 8 characters.")
  .max(128, "Use at most 128 characters.")
  .refine((password) => !isCommonPassword(password), "This password is too common. Choose another one.");
