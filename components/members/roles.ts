import type { Role } from "@/lib/permissions";

export const ROLE_OPTIONS: readonly { value: Role; label: string; description: string }[] = [
  { value: "owner", label: "Owner", description: "Manages members, settings and the codebook; sees every coding." },
  { value: "coder", label: "Coder", description: "Codes documents and can add and edit codes." },
  { value: "viewer", label: "Viewer", description: "Reads the codebook and codings; changes nothing." },
];
