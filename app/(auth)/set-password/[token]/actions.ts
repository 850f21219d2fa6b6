"use server";

import { getDb } from "@/db";
import type { ActionResult } from "@/lib/action";
import { requestMeta } from "@/lib/request-meta";
import { setPasswordWithLink } from "./commands";

// Public on purpose: the one-time link in the input is the permission (commands.ts).
export async function setPasswordAction(_previous: ActionResult | null, formData: FormData): Promise<ActionResult> {
  return setPasswordWithLink(
    { db: getDb(), meta: await requestMeta() },
    { token: formData.get("token"), password: formData.get("password"), confirmPassword: formData.get("confirmPassword") },
  );
}
