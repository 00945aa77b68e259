import { describe, expect, it } from "vitest";
import { describeEvent, diffFields, eventHref, eventJson, excerpt, relativeTime, type EventLike, type EventNames } from "./describe";
import { EVENT_TYPES } from "./types";

const ANA = "00000000-0000-4000-8000-00000000000a";
const BEN = "00000000-0000-4000-8000-00000000000b";
const PRESSURE = "00000000-0000-4000-8000-0000000000c1";
const REWARD = "00000000-0000-4000-8000-0000000000c2";
const GONE_CODE = "00000000-0000-4000-8000-0000000000c3";
const DOC = "00000000-0000-4000-8000-0000000000d1";
const CODING = "00000000-0000-4000-8000-0000000000e1";

const names: EventNames = {
  codes: { [PRESSURE]: "pressure", [REWARD]: "reward" },
  goneCodes: { [GONE_CODE]: "old code" },
  documents: { [DOC]: "EU resolution" },
  users: { [ANA]: "Ana", [BEN]: "Ben" },
};

const coding = (over: Record<string, unknown> = {}) => ({
  id: CODING,
  documentId: DOC,
  codeId: PRESSURE,
  coderId: ANA,
  layer: "coder",
  startOffset: 10,
  endOffset: 40,
  quote: "the treaty was signed under strong pressure from the union",
  memo: "",
  version: 1,
  ...over,
});

const ev = (type: string, rest: Partial<EventLike> = {}): EventLike => ({ type, entityId: CODING, actorId: ANA, actorName: "Ana", before: null, after: null, meta: {}, ...rest });

describe("describeEvent", () => {
  it.each<[string, EventLike, string]>([
    ["coding.created", ev("coding.created", { after: coding() }), "Ana coded “the treaty was signed under strong…” as pressure"],
    [
      "coding.updated (boundaries)",
      ev("coding.updated", { before: coding(), after: coding({ startOffset: 12, version: 2 }) }),
      "Ana moved the boundaries of a coding from 10–40 to 12–40",
    ],
    [
      "coding.updated (code)",
      ev("coding.updated", { before: coding({ quote: "the treaty" }), after: coding({ quote: "the treaty", codeId: REWARD }) }),
      "Ana recoded “the treaty” from pressure to reward",
    ],
    [
      "coding.updated (moved by a merge: partial before)",
      ev("coding.updated", { before: { codeId: GONE_CODE, version: 1 }, after: coding({ quote: "the treaty" }), meta: { cause: "code.merged" } }),
      "Ana recoded “the treaty” from old code to pressure (codes merged)",
    ],
    [
      "coding.updated (code, boundaries and memo)",
      ev("coding.updated", { before: coding({ quote: "x" }), after: coding({ quote: "x", codeId: REWARD, endOffset: 41, memo: "why" }) }),
      "Ana recoded “x” from pressure to reward, moved its boundaries from 10–40 to 10–41 and added a memo",
    ],
    [
      "coding.updated (memo of someone else's coding)",
      ev("coding.updated", { actorId: BEN, actorName: "Ben", before: coding({ quote: "x", memo: "a" }), after: coding({ quote: "x", memo: "b" }) }),
      "Ben edited the memo on Ana’s coding “x”",
    ],
    ["coding.deleted", ev("coding.deleted", { before: coding({ quote: "x" }) }), "Ana deleted the coding “x” (pressure)"],
    [
      "coding.deleted with its document",
      ev("coding.deleted", { actorId: BEN, actorName: "Ben", before: coding({ quote: "x" }), meta: { cause: "document.deleted" } }),
      "Ben deleted Ana’s coding “x” (pressure) with its document",
    ],
    ["coding.restored", ev("coding.restored", { actorId: BEN, actorName: "Ben", after: coding({ quote: "x" }) }), "Ben restored Ana’s coding “x” (pressure)"],
    ["code.updated (rename)", ev("code.updated", { actorName: "Ben", before: { name: "X", definition: "" }, after: { name: "Y", definition: "" } }), "Ben renamed code X to Y"],
    [
      "code.updated (definition)",
      ev("code.updated", { before: { name: "X", definition: "a", include: "" }, after: { name: "X", definition: "b", include: "c" } }),
      "Ana edited the definition and include of code X",
    ],
    ["code.created", ev("code.created", { after: { name: "pressure" } }), "Ana created code pressure"],
    ["code.moved", ev("code.moved", { after: { name: "reward", parentId: PRESSURE } }), "Ana moved code reward under pressure"],
    ["code.merged", ev("code.merged", { before: { name: "old code" }, after: { mergedInto: REWARD } }), "Ana merged code old code into reward"],
    ["code.deleted", ev("code.deleted", { before: { name: "old" }, meta: { deletedCodings: 3 } }), "Ana deleted code old with 3 codings"],
    ["code.deleted (redacted)", ev("code.deleted", { before: { name: "old" }, meta: {} }), "Ana deleted code old"],
    ["document.imported", ev("document.imported", { after: { title: "EU resolution" } }), "Ana imported “EU resolution”"],
    ["document.updated", ev("document.updated", { before: { title: "A" }, after: { title: "B" } }), "Ana renamed document “A” to “B”"],
    ["document.deleted", ev("document.deleted", { before: { title: "A" }, meta: { deletedCodings: 1 } }), "Ana deleted the document “A” with 1 coding"],
    ["attribute.updated", ev("attribute.updated", { entityId: DOC, before: { Year: null }, after: { Year: "2020" }, meta: { documentId: DOC } }), "Ana set “Year” of “EU resolution”"],
    ["member.added", ev("member.added", { entityId: BEN, after: { userId: BEN, name: "Ben", role: "coder" } }), "Ana added Ben as a coder"],
    ["member.added (the creator)", ev("member.added", { entityId: ANA, after: { userId: ANA, role: "owner" } }), "Ana joined as an owner"],
    ["member.role_changed", ev("member.role_changed", { entityId: BEN, before: { role: "coder" }, after: { role: "owner" } }), "Ana made Ben an owner (was coder)"],
    ["project.mode_changed", ev("project.mode_changed", { after: { mode: "blind", revealed: false } }), "Ana switched the project to blind coding"],
    ["project.revealed", ev("project.revealed", { after: { revealed: true } }), "Ana revealed every coder’s codings"],
    ["memo.created (code)", ev("memo.created", { after: { targetType: "code", targetId: PRESSURE } }), "Ana wrote a memo on code pressure"],
    ["assignment.changed (assigned)", ev("assignment.changed", { after: { documentId: DOC, userId: BEN, sample: "Sample 20 % · seed 42", doneAt: null } }), "Ana assigned “EU resolution” to Ben (Sample 20 % · seed 42)"],
    ["assignment.changed (done)", ev("assignment.changed", { before: { documentId: DOC, userId: BEN, doneAt: null }, after: { documentId: DOC, userId: BEN, doneAt: "2026-11-23T10:00:00Z" } }), "Ana marked “EU resolution” done for Ben"],
    ["assignment.changed (removed)", ev("assignment.changed", { before: { documentId: DOC, userId: BEN, doneAt: null } }), "Ana took “EU resolution” off Ben's queue"],
    ["memo.deleted (document)", ev("memo.deleted", { before: { targetType: "document", targetId: DOC } }), "Ana deleted a memo on document “EU resolution”"],
  ])("%s", (_label, event, sentence) => {
    expect(describeEvent(event, names)).toBe(sentence);
  });

  it("has a sentence for every event type, starting with the actor", () => {
    for (const type of EVENT_TYPES) {
      const sentence = describeEvent(ev(type, { before: {}, after: {} }), names);
      expect(sentence, type).toMatch(/^Ana \S/);
      expect(sentence, type).not.toMatch(/undefined|null|NaN|\[object/);
    }
  });

  it("names codes and documents that are gone, and the actor when the name was not joined", () => {
    expect(describeEvent(ev("coding.created", { actorName: null, after: coding({ quote: "x", codeId: GONE_CODE }) }), names)).toBe("Ana coded “x” as old code");
    expect(describeEvent(ev("coding.created", { actorName: null, actorId: null, after: coding({ quote: "x", codeId: "nope" }) }), {})).toBe("Qualcode coded “x” as a deleted code");
  });
});

describe("excerpt", () => {
  it.each([
    ["short", 40, "short"],
    ["  spaced \n out  ", 40, "spaced out"],
    ["the treaty was signed under strong pressure", 20, "the treaty was…"],
    ["abcdefghijklmnopqrstuvwxyz", 10, "abcdefghij…"],
    ["🇻🇳🇻🇳🇻🇳🇻🇳", 2, "🇻🇳🇻🇳…"],
    ["👨‍👩‍👧 family 👨‍👩‍👧", 1, "👨‍👩‍👧…"],
  ])("%j (%i) → %j", (text, max, expected) => {
    expect(excerpt(text, max)).toBe(expected);
  });
});

describe("diffFields", () => {
  it("lists the changed fields of an update, code names resolved, bookkeeping left out", () => {
    const changes = diffFields(coding(), coding({ startOffset: 12, codeId: REWARD, version: 2, updatedAt: "later" }), names);
    expect(changes).toEqual([
      { field: "codeId", label: "Code", before: "pressure", after: "reward" },
      { field: "startOffset", label: "Start", before: "10", after: "12" },
    ]);
  });

  it("compares only the fields both sides recorded (a partial before)", () => {
    expect(diffFields({ codeId: PRESSURE, version: 1 }, coding({ codeId: REWARD }), names)).toEqual([{ field: "codeId", label: "Code", before: "pressure", after: "reward" }]);
  });

  it("lists what a creation set and what a deletion removed", () => {
    const created = diffFields(null, coding({ memo: "why" }), names);
    expect(created.map((c) => c.field)).toEqual(["codeId", "startOffset", "endOffset", "quote", "memo", "coderId", "layer", "documentId"]);
    expect(created.every((c) => c.before === null)).toBe(true);
    expect(created.find((c) => c.field === "documentId")?.after).toBe("“EU resolution”");
    const deleted = diffFields(coding(), null, names);
    expect(deleted.every((c) => c.after === null)).toBe(true);
    expect(deleted.find((c) => c.field === "memo")).toBeUndefined(); // empty memo: nothing removed
  });

  it("is empty when nothing a reader cares about changed", () => {
    expect(diffFields(coding(), coding({ version: 9, updatedAt: "x", memoDoc: { type: "doc" } }), names)).toEqual([]);
  });
});

describe("relativeTime", () => {
  const now = new Date("2026-03-10T12:00:00Z");
  const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);
  it.each([
    [0, "just now"],
    [-5, "just now"],
    [44, "just now"],
    [60, "a minute ago"],
    [5 * 60, "5 minutes ago"],
    [60 * 60, "an hour ago"],
    [5 * 3600, "5 hours ago"],
    [26 * 3600, "yesterday"],
    [3 * 86400, "3 days ago"],
    [30 * 86400, "8 Feb 2026"],
  ])("%i s → %s", (seconds, words) => {
    expect(relativeTime(ago(seconds), now)).toBe(words);
  });
});

describe("eventHref and eventJson", () => {
  it("opens a coding in its document at the coding, and links nothing that is gone", () => {
    expect(eventHref("p", { ...ev("coding.created", { after: coding() }), entityType: "coding" }, names)).toBe(`/projects/p/documents/${DOC}#coding-${CODING}`);
    expect(eventHref("p", { ...ev("coding.created", { after: coding({ documentId: "gone" }) }), entityType: "coding" }, names)).toBeNull();
    expect(eventHref("p", { ...ev("document.deleted", { entityId: "gone" }), entityType: "document" }, names)).toBeNull();
    expect(eventHref("p", { ...ev("code.created", { entityId: PRESSURE }), entityType: "code" }, names)).toBe(`/projects/p#code-${PRESSURE}`);
  });

  it("serializes with a string id, ISO time and the sentence", () => {
    const json = eventJson({ ...ev("coding.created", { after: coding({ quote: "x" }) }), id: 42, entityType: "coding", createdAt: new Date("2026-01-01T00:00:00Z") }, names);
    expect(json).toMatchObject({ id: "42", summary: "Ana coded “x” as pressure", actor: { id: ANA, name: "Ana" }, createdAt: "2026-01-01T00:00:00.000Z", meta: {} });
  });
});
