import { SearchX } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

/** Shown for a project that does not exist and for one the user is not a member of, alike. */
export default function ProjectNotFound() {
  return (
    <main className="mx-auto max-w-6xl px-4 py-16 sm:px-6">
      <EmptyState
        icon={SearchX}
        title="Project not found"
        action={
          <Button asChild variant="outline">
            <Link href="/projects">Back to your projects</Link>
          </Button>
        }
      >
        This project does not exist, or you are not a member of it. If a colleague wants you on their project, ask them to add you
        with the email you signed up with.
      </EmptyState>
    </main>
  );
}
