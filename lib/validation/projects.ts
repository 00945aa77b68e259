import { z } from "zod";
import { ROLES } from "@/lib/permissions";

export const projectNameSchema = z.string().trim().min(1, "Give the project a name.").max(200, "Use at most 200 characters.");
export const projectModeSchema = z.enum(["open", "blind"], { message: "Mode is either open or blind." });
export const roleSchema = z.enum(ROLES, { message: "Role is owner, coder or viewer." });
export const uuidSchema = z.string().uuid("Not a valid id.");

export const createProjectSchema = z.object({ name: projectNameSchema, mode: projectModeSchema.default("open") });
export const updateProjectSchema = z
  .object({
    name: projectNameSchema.optional(),
    description: z.string().max(5000).optional(),
    mode: projectModeSchema.optional(),
    revealed: z.boolean().optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), "Nothing to change: send name, description, mode or revealed.");

export const addMemberSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address.").max(320),
  role: roleSchema,
});
export const updateMemberSchema = z.object({ role: roleSchema });

/** Path parameters of the JSON API (the project id itself is checked by the guard). */
export const projectParamsSchema = z.object({ projectId: z.string() });
export const memberParamsSchema = z.object({ projectId: z.string(), userId: uuidSchema });
