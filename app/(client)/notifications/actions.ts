"use server";

import { serverAction } from "@/lib/server-action";
import { markNotificationsRead } from "./commands";

export const markNotificationsReadAction = serverAction(markNotificationsRead);
