import type { ClientCoding, WorkspaceCode } from "./types";

import { ApiError, fetchJson as call } from "@/components/api/fetch-json";

export { ApiError };

type CodingJson = { id: string; codeId: string; coderId: string; start: number; end: number; quote: string; memo: string; version: number; createdAt: string };

export function toClientCoding(c: CodingJson): ClientCoding {
  return { id: c.id, codeId: c.codeId, coderId: c.coderId, start: c.start, end: c.end, quote: c.quote, memo: c.memo, version: c.version, createdAt: c.createdAt };
}

export type NewCodingInput = { documentId: string; codeId: string; start: number; end: number; memo?: string };
export type CodingPatchInput = { codeId?: string; start?: number; end?: number; memo?: string };

/** A coding as events carry it (the row's JSON: offsets as startOffset/endOffset). */
export type CodingEventJson = { id: string; documentId: string; codeId: string; coderId: string; layer?: string; startOffset: number; endOffset: number; quote: string; memo: string; version: number; createdAt: string };

export function fromEventJson(c: CodingEventJson): ClientCoding {
  return { id: c.id, codeId: c.codeId, coderId: c.coderId, start: c.startOffset, end: c.endOffset, quote: c.quote, memo: c.memo ?? "", version: c.version, createdAt: c.createdAt };
}

export function codingApi(projectId: string) {
  const base = `/api/v1/projects/${projectId}`;
  return {
    async create(input: NewCodingInput): Promise<ClientCoding> {
      return toClientCoding(await call<CodingJson>(`${base}/codings`, { method: "POST", body: JSON.stringify(input) }));
    },
    async list(documentId: string): Promise<ClientCoding[]> {
      const rows = await call<CodingJson[]>(`${base}/codings?documentId=${encodeURIComponent(documentId)}`, { method: "GET" });
      return rows.map(toClientCoding);
    },
    async codes(): Promise<Omit<WorkspaceCode, "codingCount" | "documentCount">[]> {
      return call(`${base}/codes`, { method: "GET" });
    },
    async update(id: string, patch: CodingPatchInput & { version?: number }): Promise<ClientCoding> {
      return toClientCoding(await call<CodingJson>(`${base}/codings/${id}`, { method: "PATCH", body: JSON.stringify(patch) }));
    },
    async remove(id: string): Promise<void> {
      await call<void>(`${base}/codings/${id}`, { method: "DELETE" });
    },
    async createCode(name: string): Promise<WorkspaceCode> {
      const c = await call<Omit<WorkspaceCode, "codingCount">>(`${base}/codes`, { method: "POST", body: JSON.stringify({ name }) });
      return { ...c, codingCount: 0, documentCount: 0 };
    },
  };
}
export type CodingApi = ReturnType<typeof codingApi>;
