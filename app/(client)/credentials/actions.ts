"use server";

import { serverAction } from "@/lib/server-action";
import { createCredential, deleteCredentialCommand, updateCredentialCommand } from "./commands";

export const createCredentialAction = serverAction(createCredential);
export const updateCredentialAction = serverAction(updateCredentialCommand);
export const deleteCredentialAction = serverAction(deleteCredentialCommand);
