"use server";

// The client area's own-account actions: the same commands as the staff profile page.
import { changeOwnPassword, signOutOtherSessions, updateOwnNotificationPreferences, updateOwnProfile } from "@/app/(admin)/admin/profile/commands";
import { serverAction } from "@/lib/server-action";

export const updateOwnProfileAction = serverAction(updateOwnProfile);
export const changeOwnPasswordAction = serverAction(changeOwnPassword);
export const signOutOtherSessionsAction = serverAction(signOutOtherSessions);
export const updateOwnNotificationPreferencesAction = serverAction(updateOwnNotificationPreferences);
