"use server";

import { serverAction } from "@/lib/server-action";
import {
  createConnection,
  deleteConnectionCommand,
  mapWorkflow,
  setConnectionStatusCommand,
  syncConnectionNow,
  testConnection,
  updateConnectionCommand,
} from "./commands";

export const createConnectionAction = serverAction(createConnection);
export const testConnectionAction = serverAction(testConnection);
export const updateConnectionAction = serverAction(updateConnectionCommand);
export const setConnectionStatusAction = serverAction(setConnectionStatusCommand);
export const deleteConnectionAction = serverAction(deleteConnectionCommand);
export const syncConnectionNowAction = serverAction(syncConnectionNow);
export const mapWorkflowAction = serverAction(mapWorkflow);
