"use server";

import { serverAction } from "@/lib/server-action";
import { changeOwnPassword, signOutOtherSessions, updateOwnNotificationPreferences, updateOwnProfile } from "./commands";

export const updateOwnProfileAction = serverAction(updateOwnProfile);
export const changeOwnPasswordAction = serverAction(changeOwnPassword);
export const signOutOtherSessionsAction = serverAction(signOutOtherSessions);
export const updateOwnNotificationPreferencesAction = serverAction(updateOwnNotificationPreferences);
