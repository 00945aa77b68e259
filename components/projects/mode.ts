import { Eye, EyeOff } from "lucide-react";
import type { Choice } from "@/components/ui/choice-cards";

export type ProjectModeValue = "open" | "blind";

export const MODE_CHOICES: readonly Choice<ProjectModeValue>[] = [
  {
    value: "open",
    label: "Open",
    description: "Everyone sees all codings as they are made. For building a codebook and coding as a team.",
    icon: Eye,
  },
  {
    value: "blind",
    label: "Blind",
    description: "Coders see only their own codings until the owner reveals them. For an agreement study.",
    icon: EyeOff,
  },
];
