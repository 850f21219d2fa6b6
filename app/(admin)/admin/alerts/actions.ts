"use server";

import { serverAction } from "@/lib/server-action";
import { acknowledgeAlertCommand, snoozeAlertCommand } from "./commands";

export const acknowledgeAlertAction = serverAction(acknowledgeAlertCommand);
export const snoozeAlertAction = serverAction(snoozeAlertCommand);
