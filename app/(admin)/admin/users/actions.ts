"use server";

import { serverAction } from "@/lib/server-action";
import { createUser, deactivateUser, eraseUser, reactivateUser, resetUserPassword, updateUser } from "./commands";

export const createUserAction = serverAction(createUser);
export const updateUserAction = serverAction(updateUser);
export const deactivateUserAction = serverAction(deactivateUser);
export const reactivateUserAction = serverAction(reactivateUser);
export const resetUserPasswordAction = serverAction(resetUserPassword);
export const eraseUserAction = serverAction(eraseUser);
