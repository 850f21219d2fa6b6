"use server";

import { serverAction } from "@/lib/server-action";
import { archiveWorkflow, createWorkflow, pauseWorkflow, resumeWorkflow, updateWorkflowSettings } from "./commands";

export const createWorkflowAction = serverAction(createWorkflow);
export const updateWorkflowSettingsAction = serverAction(updateWorkflowSettings);
export const pauseWorkflowAction = serverAction(pauseWorkflow);
export const resumeWorkflowAction = serverAction(resumeWorkflow);
export const archiveWorkflowAction = serverAction(archiveWorkflow);
