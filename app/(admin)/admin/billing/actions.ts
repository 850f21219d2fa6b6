"use server";

import { serverAction } from "@/lib/server-action";
import { createPlan, issueInvoices, recordPayment, setPlanActive, updatePlan, voidInvoice } from "./commands";

export const createPlanAction = serverAction(createPlan);
export const updatePlanAction = serverAction(updatePlan);
export const setPlanActiveAction = serverAction(setPlanActive);
export const issueInvoicesAction = serverAction(issueInvoices);
export const recordPaymentAction = serverAction(recordPayment);
export const voidInvoiceAction = serverAction(voidInvoice);
