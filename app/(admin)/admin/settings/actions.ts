"use server";

import { serverAction } from "@/lib/server-action";
import { updateNotificationSettings, updatePlatformSettings } from "./commands";

export const updatePlatformSettingsAction = serverAction(updatePlatformSettings);
export const updateNotificationSettingsAction = serverAction(updateNotificationSettings);
