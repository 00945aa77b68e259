import type { Role } from "@/lib/permissions";

/** What the assignments page hands its client components (JSON-safe: dates as ISO strings). */
export type AssignmentItem = {
  documentId: string;
  title: string;
  userId: string;
  userName: string;
  sample: string | null;
  doneAt: string | null;
  codingCount: number;
};

export type CoderOption = { userId: string; name: string; role: Role };
export type DocumentOption = { id: string; title: string; sourceType: string };
export type AttributeOption = { id: string; name: string };
