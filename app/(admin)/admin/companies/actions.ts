"use server";

import { serverAction } from "@/lib/server-action";
import {
  archiveCompany,
  assignCompanySe,
  changeCompanyPlan,
  createCompany,
  restoreCompany,
  updateCompanyProfile,
} from "./commands";

export const createCompanyAction = serverAction(createCompany);
export const updateCompanyProfileAction = serverAction(updateCompanyProfile);
export const assignCompanySeAction = serverAction(assignCompanySe);
export const changeCompanyPlanAction = serverAction(changeCompanyPlan);
export const archiveCompanyAction = serverAction(archiveCompany);
export const restoreCompanyAction = serverAction(restoreCompany);
