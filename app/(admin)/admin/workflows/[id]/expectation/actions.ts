"use server";

import { serverAction } from "@/lib/server-action";
import { saveExpectation } from "./commands";

export const saveExpectationAction = serverAction(saveExpectation);
