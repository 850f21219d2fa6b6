"use server";

import { serverAction } from "@/lib/server-action";
import { revealCredential } from "./commands";

export const revealCredentialAction = serverAction(revealCredential);
