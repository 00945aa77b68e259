import { Sparkles } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { getAgreementCoders, SUGGESTER, CONSENSUS } from "@/db/queries/agreement";
import { getCodesByProjectId } from "@/db/queries/codes";
import { listModels } from "@/db/queries/suggester";
import { TrainSuggesterButton } from "@/components/suggester/train-button";
import { EmptyState } from "@/components/ui/empty-state";
import { Notice } from "@/components/ui/notice";
import { can, seesAllCodings } from "@/lib/permissions";
import { DEFAULT_SEED } from "@/lib/server/suggester";
import type { Evaluation } from "@/lib/suggester";
import { formatCount } from "@/lib/ui/format";
import { requireProject, type ProjectPageProps } from "../load-project";

export const metadata: Metadata = { title: "Suggester" };

const pct = (v: number | null | undefined) => (v === null || v === undefined ? "—" : v.toFixed(3));
const when = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short" });

/**
 * The suggester: a model trained here, on this project's codings, that proposes codes for
 * uncoded sentences. This page trains it (with a seed), shows each version's held-out
 * evaluation against the most-frequent-code baseline, the data it learned from, and links to
 * its agreement with each coder, judged like a person's.
 */
export default async function SuggesterPage({ params }: ProjectPageProps) {
  const { projectId } = await params;
  const { db, project, role } = await requireProject(projectId, "/suggester");
  if (!seesAllCodings(role, project)) {
    return (
      <EmptyState icon={Sparkles} title="The suggester opens when the codings are revealed">
        This project is blind: the suggester learns from everyone&apos;s codings, so until the owner reveals them only the owner may use it.
      </EmptyState>
    );
  }
  const [models, codes, coders] = await Promise.all([listModels(db, project.id, 20), getCodesByProjectId(db, { projectId: project.id }), getAgreementCoders(db, { projectId: project.id })]);
  const ready = models.find((m) => m.status === "ready");
  const running = models.find((m) => m.status === "training" && !m.interrupted) ?? null;
  const evaluation = ready?.evaluation as Evaluation | undefined;
  const codeName = (id: string) => codes.find((c) => c.id === id)?.path ?? "a deleted code";
  const humans = coders.filter((c) => c.key !== CONSENSUS && c.key !== SUGGESTER && c.codings > 0).map((c) => c.key);
  const agreementHref = `/projects/${project.id}/agreement?${new URLSearchParams({ coders: [...humans.slice(0, 1), SUGGESTER].join(","), unit: "sentence" })}`;

  return (
    <section aria-labelledby="suggester-title" className="grid gap-5">
      <div>
        <h2 id="suggester-title" className="text-lg font-semibold tracking-tight">
          Suggester
        </h2>
        <p className="mt-0.5 max-w-3xl text-sm text-muted-foreground">
          A model trained on this project&apos;s own codings, here on the server — no outside service. It proposes codes for sentences nobody has coded yet, with a
          confidence; proposals appear in each document as a dotted underline to accept or dismiss. It never codes on its own, and it is measured like a coder.
        </p>
      </div>
      {can(role, "suggester.train") && (
        <TrainSuggesterButton
          projectId={project.id}
          seed={ready?.seed ?? DEFAULT_SEED}
          running={running ? { id: running.id, version: running.version, status: running.status, progress: running.progress, stage: running.stage, error: running.error, interrupted: running.interrupted } : null}
        />
      )}
      {models[0]?.status === "failed" && <Notice tone="error">Version {models[0].version} did not finish: {models[0].error}</Notice>}
      {!ready ? (
        <EmptyState icon={Sparkles} title="Not trained yet">
          Code some passages first — a few dozen per code is a start — then train the suggester. Training takes seconds on a few thousand codings.
        </EmptyState>
      ) : (
        <div className="grid gap-4">
          <div className="rounded-xl border bg-card p-4 text-sm" data-testid="suggester-current">
            <h3 className="font-semibold">Version {ready.version}</h3>
            <dl className="mt-2 grid gap-x-6 gap-y-1 sm:grid-cols-[auto_1fr]">
              <dt className="text-muted-foreground">Trained</dt>
              <dd>{when.format(ready.updatedAt)}</dd>
              <dt className="text-muted-foreground">Learned from</dt>
              <dd>
                {formatCount(ready.codingsUsed ?? 0, "coding")} (SHA-256 <code className="break-all text-xs">{ready.dataHash}</code>)
              </dd>
              <dt className="text-muted-foreground">Seed</dt>
              <dd>{ready.seed}</dd>
              {evaluation && (
                <>
                  <dt className="text-muted-foreground">Held out</dt>
                  <dd>
                    {formatCount(evaluation.heldOutDocuments, "document")} ({formatCount(evaluation.heldOutUnits, "sentence")}); trained for the evaluation on{" "}
                    {formatCount(evaluation.trainDocuments, "document")}, then on all of them
                  </dd>
                  <dt className="text-muted-foreground">Pooled F1 (held out)</dt>
                  <dd data-testid="micro-f1">
                    {pct(evaluation.microF1)} — the baseline that always proposes the most frequent code ({evaluation.mostFrequentCodeId ? codeName(evaluation.mostFrequentCodeId) : "none"}) reaches{" "}
                    {pct(evaluation.baselineMicroF1)}
                  </dd>
                </>
              )}
            </dl>
            {evaluation?.notes.map((n) => (
              <p key={n} className="mt-2 text-xs text-muted-foreground">
                {n}
              </p>
            ))}
          </div>
          {evaluation && (
            <div className="overflow-x-auto rounded-xl border bg-card">
              <table className="w-full text-sm" aria-label="Held-out evaluation per code">
                <caption className="px-4 pt-3 text-left text-xs text-muted-foreground">
                  On the held-out documents&apos; sentences: the suggester against the human coders (a sentence has a code when any coding of it overlaps the sentence).
                </caption>
                <thead>
                  <tr className="border-b text-left text-xs text-muted-foreground">
                    <th className="px-4 py-2 font-medium">Code</th>
                    <th className="px-2 py-2 text-right font-medium">Coded</th>
                    <th className="px-2 py-2 text-right font-medium">Proposed</th>
                    <th className="px-2 py-2 text-right font-medium">Precision</th>
                    <th className="px-2 py-2 text-right font-medium">Recall</th>
                    <th className="px-2 py-2 text-right font-medium">F1</th>
                    <th className="px-2 py-2 text-right font-medium">κ</th>
                    <th className="px-2 py-2 text-right font-medium">Baseline F1</th>
                    <th className="px-4 py-2 text-right font-medium">Baseline κ</th>
                  </tr>
                </thead>
                <tbody>
                  {evaluation.perCode.map((c) => (
                    <tr key={c.codeId} className="border-b last:border-0" data-code={codeName(c.codeId)}>
                      <th scope="row" className="px-4 py-2 text-left font-medium">
                        {codeName(c.codeId)}
                      </th>
                      <td className="px-2 py-2 text-right tabular-nums">{c.support}</td>
                      <td className="px-2 py-2 text-right tabular-nums">{c.predicted}</td>
                      <td className="px-2 py-2 text-right tabular-nums">{pct(c.precision)}</td>
                      <td className="px-2 py-2 text-right tabular-nums">{pct(c.recall)}</td>
                      <td className="px-2 py-2 text-right tabular-nums">{pct(c.f1)}</td>
                      <td className="px-2 py-2 text-right tabular-nums">{pct(c.kappa)}</td>
                      <td className="px-2 py-2 text-right tabular-nums text-muted-foreground">{pct(c.baseline.f1)}</td>
                      <td className="px-4 py-2 text-right tabular-nums text-muted-foreground">{pct(c.baseline.kappa)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {humans.length > 0 && (
            <p className="text-sm">
              <Link href={agreementHref} className="text-primary underline-offset-4 hover:underline">
                Agreement of the suggester with each coder
              </Link>{" "}
              <span className="text-muted-foreground">— κ and α per code, as for any coder (on the sentences it learned from, so higher than the held-out figures above).</span>
            </p>
          )}
        </div>
      )}
      {models.length > 0 && (
        <div className="overflow-x-auto rounded-xl border bg-card">
          <table className="w-full text-sm" aria-label="Versions">
            <thead>
              <tr className="border-b text-left text-xs text-muted-foreground">
                <th className="px-4 py-2 font-medium">Version</th>
                <th className="px-2 py-2 font-medium">Status</th>
                <th className="px-2 py-2 font-medium">Started</th>
                <th className="px-2 py-2 text-right font-medium">Seed</th>
                <th className="px-2 py-2 text-right font-medium">Codings</th>
                <th className="px-4 py-2 text-right font-medium">Pooled F1</th>
              </tr>
            </thead>
            <tbody>
              {models.map((m) => (
                <tr key={m.id} className="border-b last:border-0">
                  <td className="px-4 py-2">{m.version}</td>
                  <td className="px-2 py-2">{m.interrupted ? "interrupted" : m.status}</td>
                  <td className="px-2 py-2">{when.format(m.createdAt)}</td>
                  <td className="px-2 py-2 text-right tabular-nums">{m.seed}</td>
                  <td className="px-2 py-2 text-right tabular-nums">{m.codingsUsed ?? "—"}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{pct((m.evaluation as Evaluation | null)?.microF1)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
