import { BookOpen, FileText, FolderOpen, Highlighter, ListChecks, NotebookPen, Table2, Users, type LucideIcon } from "lucide-react";

const ICONS: Record<string, LucideIcon> = {
  coding: Highlighter,
  code: BookOpen,
  document: FileText,
  memo: NotebookPen,
  attribute: Table2,
  member: Users,
  project: FolderOpen,
  assignment: ListChecks,
};

export function EntityIcon({ entityType, className }: { entityType: string; className?: string }) {
  const Icon = ICONS[entityType] ?? FolderOpen;
  return <Icon aria-hidden className={className} />;
}
