"use client";
import { useState } from "react";
import { Field } from "@/components/ui/field";
import { NativeSelect } from "@/components/ui/select";
import { DocumentMemo } from "./document-memo";

/**
 * Choose a document and write about it: the memos page's way to reach document memos (the
 * coding workspace shows DocumentMemo beside the text itself).
 */
export function DocumentMemoPicker({ projectId, documents, canWrite }: { projectId: string; documents: { id: string; title: string }[]; canWrite: boolean }) {
  const [documentId, setDocumentId] = useState("");
  const chosen = documents.find((d) => d.id === documentId);
  return (
    <div className="grid gap-4">
      <Field id="memo-document" label="Document">
        <NativeSelect value={documentId} onChange={(e) => setDocumentId(e.target.value)} className="max-w-md">
          <option value="">Choose a document…</option>
          {documents.map((d) => (
            <option key={d.id} value={d.id}>
              {d.title}
            </option>
          ))}
        </NativeSelect>
      </Field>
      {chosen && <DocumentMemo key={chosen.id} projectId={projectId} documentId={chosen.id} documentTitle={chosen.title} canWrite={canWrite} />}
    </div>
  );
}
