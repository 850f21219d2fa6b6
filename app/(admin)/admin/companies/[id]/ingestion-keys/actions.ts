"use server";

import { serverAction } from "@/lib/server-action";
import { createIngestionKey, revokeIngestionKeyCommand } from "./commands";

export const createIngestionKeyAction = serverAction(createIngestionKey);
export const revokeIngestionKeyAction = serverAction(revokeIngestionKeyCommand);
