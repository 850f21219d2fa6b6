"use server";

import { serverAction } from "@/lib/server-action";
import { updatePlatformSettings } from "./commands";

export const updatePlatformSettingsAction = serverAction(updatePlatformSettings);
