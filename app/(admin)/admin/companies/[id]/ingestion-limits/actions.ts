"use server";

import { serverAction } from "@/lib/server-action";
import { setIngestionLimits } from "./commands";

export const setIngestionLimitsAction = serverAction(setIngestionLimits);
