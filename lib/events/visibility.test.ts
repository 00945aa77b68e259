import { describe, expect, it } from "vitest";
import { eventVisibleTo, redactFor, viewerAfter, type StreamViewer, type VisibilityEvent } from "./visibility";

const A = "aaaaaaaa-0000-4000-8000-000000000001";
const B = "bbbbbbbb-0000-4000-8000-000000000002";
const blindCoder: StreamViewer = { userId: A, role: "coder", mode: "blind", revealed: false };
const ev = (e: Partial<VisibilityEvent> & { type: string }): VisibilityEvent => ({
  entityType: e.type.slice(0, e.type.indexOf(".")),
  entityId: "x",
  before: null,
  after: null,
  meta: {},
  ...e,
});

describe("eventVisibleTo (blind mode)", () => {
  it.each([
    ["own coding created", ev({ type: "coding.created", after: { coderId: A, layer: "coder" } }), true],
    ["other's coding created", ev({ type: "coding.created", after: { coderId: B, layer: "coder" } }), false],
    ["other's coding deleted (before only)", ev({ type: "coding.deleted", before: { coderId: B } }), false],
    ["own coding deleted (before only)", ev({ type: "coding.deleted", before: { coderId: A } }), true],
    ["own coding moved by a merge (partial before)", ev({ type: "coding.updated", before: { codeId: "c" }, after: { coderId: A, layer: "coder" } }), true],
    ["own consensus-layer coding", ev({ type: "coding.created", after: { coderId: A, layer: "consensus" } }), false],
    ["a coding event that does not say whose", ev({ type: "coding.updated", after: { memo: "?" } }), false],
    ["memo on other's coding", ev({ type: "memo.updated", after: { targetType: "coding", authorId: B } }), false],
    ["memo on own coding", ev({ type: "memo.updated", after: { targetType: "coding", authorId: A } }), true],
    ["memo on a code", ev({ type: "memo.created", after: { targetType: "code", authorId: B } }), true],
    ["code created", ev({ type: "code.created", after: { name: "x" } }), true],
  ])("%s → %s", (_label, event, visible) => {
    expect(eventVisibleTo(event, blindCoder)).toBe(visible);
    // Everyone sees everything in an open project, once revealed, and the owner always.
    expect(eventVisibleTo(event, { ...blindCoder, mode: "open" })).toBe(true);
    expect(eventVisibleTo(event, { ...blindCoder, revealed: true })).toBe(true);
    expect(eventVisibleTo(event, { ...blindCoder, role: "owner" })).toBe(true);
  });

  it("removes counts of hidden codings from other events' meta", () => {
    const deleted = ev({ type: "code.deleted", meta: { deletedCodings: 12, cause: "x" } });
    expect(redactFor(deleted, blindCoder).meta).toEqual({ cause: "x" });
    expect(redactFor(deleted, { ...blindCoder, revealed: true })).toBe(deleted);
  });
});

describe("viewerAfter", () => {
  it.each([
    ["reveal", ev({ type: "project.revealed", after: { revealed: true } }), { ...blindCoder, revealed: true }],
    ["switch to open", ev({ type: "project.mode_changed", after: { mode: "open", revealed: false } }), { ...blindCoder, mode: "open" }],
    ["own promotion", ev({ type: "member.role_changed", entityId: A, after: { role: "owner" } }), { ...blindCoder, role: "owner" }],
    ["someone else's promotion", ev({ type: "member.role_changed", entityId: B, after: { role: "owner" } }), blindCoder],
    ["own removal", ev({ type: "member.removed", entityId: A }), "end"],
    ["someone else's removal", ev({ type: "member.removed", entityId: B }), blindCoder],
    ["project deleted", ev({ type: "project.deleted" }), "end"],
    ["a reveal without its state", ev({ type: "project.revealed", after: null }), "reload"],
    ["a coding", ev({ type: "coding.created", after: { coderId: B } }), blindCoder],
  ])("%s", (_label, event, expected) => {
    expect(viewerAfter(event, blindCoder)).toEqual(expected);
  });
});
