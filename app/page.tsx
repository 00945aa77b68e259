import { ChartNoAxesColumn, FileDown, FileText, Highlighter, Users } from "lucide-react";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Logo } from "@/components/app/logo";
import { Button } from "@/components/ui/button";
import { getCurrentUser } from "./(app)/current-user";

const FEATURES = [
  { icon: FileText, title: "Import your sources", text: "Academic papers, NGO assessments, news, policy briefs and parliamentary reports, each kept as one fixed text." },
  { icon: Highlighter, title: "Code passages against a codebook", text: "Highlight a passage and apply codes with definitions and include/exclude rules right beside the text." },
  { icon: Users, title: "Code together", text: "Work in the open, or blind for an agreement study, with owners, coders and viewers." },
  { icon: ChartNoAxesColumn, title: "Measure agreement", text: "Percent agreement, Cohen's and Fleiss' κ and Krippendorff's α, each report stating exactly how it was computed." },
  { icon: FileDown, title: "Export the evidence", text: "One row per coding with exact offsets and quotes, as CSV, Excel, JSON or a REFI-QDA project." },
];

function Mark({ color, label, children }: { color: string; label: string; children: React.ReactNode }) {
  return (
    <mark className="rounded-sm px-0.5 text-foreground" style={{ backgroundColor: `${color}26`, boxShadow: `inset 0 -2px 0 ${color}` }} title={label}>
      {children}
    </mark>
  );
}

export default async function Home() {
  if (await getCurrentUser()) redirect("/projects");
  return (
    <div className="min-h-screen">
      <header className="border-b bg-card">
        <div className="mx-auto flex h-14 max-w-6xl items-center justify-between px-4 sm:px-6">
          <Logo />
          <nav aria-label="Account" className="flex items-center gap-2">
            <Button asChild variant="ghost" size="sm">
              <Link href="/sign-in">Sign in</Link>
            </Button>
            <Button asChild size="sm">
              <Link href="/sign-up">Create account</Link>
            </Button>
          </nav>
        </div>
      </header>
      <main>
        <section className="mx-auto grid max-w-6xl items-center gap-12 px-4 py-16 sm:px-6 lg:grid-cols-[1.1fr_1fr] lg:py-24">
          <div>
            <p className="text-sm font-medium text-primary">Qualitative content analysis for research teams</p>
            <h1 className="mt-3 text-4xl font-semibold tracking-tight text-balance sm:text-5xl">
              Code documents together. Report agreement you can defend.
            </h1>
            <p className="mt-5 max-w-xl text-lg text-muted-foreground text-pretty">
              Qualcode is where political scientists and their research assistants code sources for evidence against a shared
              codebook, check how well their coders agree, and export every coded passage for analysis in R, Stata or Python.
            </p>
            <div className="mt-8 flex flex-wrap gap-3">
              <Button asChild size="lg">
                <Link href="/sign-up">Create an account</Link>
              </Button>
              <Button asChild size="lg" variant="outline">
                <Link href="/sign-in">Sign in</Link>
              </Button>
            </div>
          </div>
          <figure className="rounded-xl border bg-card p-6 shadow-sm">
            <figcaption className="mb-4 flex items-center justify-between text-xs text-muted-foreground">
              <span>Parliamentary report, 2019 · p. 4</span>
              <span>3 codings</span>
            </figcaption>
            <p className="font-serif text-[15px] leading-7">
              <Mark color="#e03131" label="pressure">
                The resolution called on the government to release detained activists before the partnership agreement could be
                ratified.
              </Mark>{" "}
              Officials replied that{" "}
              <Mark color="#1c7ed6" label="sovereignty claim">
                human rights cannot be imposed from one country to another
              </Mark>
              , while the minister argued that{" "}
              <Mark color="#2f9e44" label="reward">
                ratification would open the way to the upgraded trade deal
              </Mark>
              .
            </p>
            <ul className="mt-5 flex flex-wrap gap-2 border-t pt-4 text-xs" aria-label="Codes in this passage">
              {[
                ["#e03131", "pressure"],
                ["#1c7ed6", "sovereignty claim"],
                ["#2f9e44", "reward"],
              ].map(([color, name]) => (
                <li key={name} className="inline-flex items-center gap-1.5 rounded-full border px-2.5 py-1">
                  <span aria-hidden className="size-2.5 rounded-full" style={{ backgroundColor: color }} />
                  {name}
                </li>
              ))}
            </ul>
          </figure>
        </section>
        <section aria-labelledby="features" className="border-t bg-card">
          <div className="mx-auto max-w-6xl px-4 py-16 sm:px-6">
            <h2 id="features" className="sr-only">
              What you can do
            </h2>
            <ul className="grid gap-8 sm:grid-cols-2 lg:grid-cols-5">
              {FEATURES.map(({ icon: Icon, title, text }) => (
                <li key={title}>
                  <div className="flex size-9 items-center justify-center rounded-lg bg-accent">
                    <Icon aria-hidden className="size-4 text-accent-foreground" />
                  </div>
                  <h3 className="mt-3 text-sm font-semibold">{title}</h3>
                  <p className="mt-1 text-sm text-muted-foreground">{text}</p>
                </li>
              ))}
            </ul>
          </div>
        </section>
      </main>
    </div>
  );
}
