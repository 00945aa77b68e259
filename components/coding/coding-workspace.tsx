"use client";
import type { EditorOptions } from "@tiptap/core";
import { EditorContent, useEditor } from "@tiptap/react";
import StarterKit from "@tiptap/starter-kit";
import { ChevronDown, ChevronUp } from "lucide-react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { CodeTreePanel } from "@/components/codebook/code-tree-panel";
import { useLiveEvents } from "@/components/live/live-project";
import { PresenceAvatars } from "@/components/live/presence-avatars";
import { Button } from "@/components/ui/button";
import { codeShortcuts } from "@/lib/codebook/tree";
import { snapToWords, TextIndex } from "@/lib/offsets";
import { saveReadingPositionAction } from "@/app/(app)/projects/[projectId]/documents/[documentId]/actions";
import { CodePicker, type CodePickerHandle, type PickerChoice } from "./code-picker";
import { codingApi } from "./coding-api";
import { BoundaryHandles, type HandlePlace } from "./boundary-handles";
import { CodingHighlights, codingHighlightsKey, translucent, type DrawnCoding } from "./coding-highlights";
import { CodingPopover } from "./coding-popover";
import { CodingStripes, layoutStripes, type Stripe } from "./coding-stripes";
import { SuggestionsPanel, type Suggestion } from "./suggestions-panel";
import { DomRanges } from "./dom-ranges";
import { BLANK_LINE_CSS, BlankLines } from "@/lib/coding/blank-lines";
import { buildEditorDoc, visibleLineStart, type HeadingSegment } from "@/lib/coding/editor-doc";
import { unpackCodings, type PackedCodings } from "@/lib/coding/wire";
import type { ClientCoding, WorkspaceCode, WorkspaceCoder } from "./types";
import { useCodings } from "./use-codings";
import { WORKSPACE_CSS } from "./workspace-css";

export type CodingWorkspaceProps = {
  projectId: string;
  documentId: string;
  text: string;
  headings: HeadingSegment[];
  /** Page starts (code points) and numbers, for PDF imports. */
  pages: { start: number; page: number }[];
  lang: string | null;
  codes: WorkspaceCode[];
  codings: PackedCodings;
  coders: WorkspaceCoder[];
  userId: string;
  canCode: boolean;
  mayEditOthers: boolean;
  countsInProject: Record<string, number>;
  readingOffset: number | null;
  /** Whether this user may see the suggester's proposals here (not in a blind project before the reveal). */
  suggestions: boolean;
  /** The server-rendered reader, shown until the editor has mounted. */
  children: React.ReactNode;
};

const NO_DECORATIONS: DrawnCoding[] = [];
const SNAP_KEY = "qualcode.snapToWords";
const HEADER = 72;

export function CodingWorkspace(props: CodingWorkspaceProps) {
  const { projectId, documentId, text, canCode, userId } = props;
  if (typeof performance !== "undefined" && !performance.getEntriesByName("qc-render").length) performance.mark("qc-render");
  const index = useMemo(() => new TextIndex(text), [text]);
  const { doc, outline } = useMemo(() => buildEditorDoc(index, props.headings), [index, props.headings]);
  if (typeof performance !== "undefined" && !performance.getEntriesByName("qc-doc").length) performance.mark("qc-doc");
  const quoteOf = useCallback((s: number, e: number) => index.sliceCp(s, e), [index]);
  const initial = useMemo(
    () => unpackCodings(props.codings).map((c): ClientCoding => (c.quote === undefined ? { ...c, quote: quoteOf(c.start, c.end) } : { ...c, quote: c.quote, drift: true })),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [],
  );
  const store = useCodings({ projectId, documentId, initial, quoteOf });
  const api = useMemo(() => codingApi(projectId), [projectId]);

  const [codes, setCodes] = useState(props.codes);
  const codeById = useMemo(() => new Map(codes.map((c) => [c.id, c])), [codes]);
  const shortcuts = useMemo(() => codeShortcuts(codes), [codes]);
  const coders = useMemo(() => new Map(props.coders.map((c) => [c.id, c])), [props.coders]);
  const [hiddenCodes, setHiddenCodes] = useState<ReadonlySet<string>>(new Set());
  const [hiddenCoders, setHiddenCoders] = useState<ReadonlySet<string>>(new Set());
  const [panelCodeId, setPanelCodeId] = useState<string | null>(null);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [popover, setPopover] = useState<{ ids: string[]; top: number; left: number } | null>(null);
  const [picker, setPicker] = useState<{ from: number; to: number; top: number; left: number } | null>(null);
  const [snap, setSnap] = useState(false);
  const [stripes, setStripes] = useState<{ stripes: Stripe[]; columns: number }>({ stripes: [], columns: 0 });
  const [ready, setReady] = useState(false);
  const [handles, setHandles] = useState<{ start: HandlePlace; end: HandlePlace } | null>(null);
  const container = useRef<HTMLDivElement>(null);
  const pickerRef = useRef<CodePickerHandle>(null);
  const mouseDown = useRef(false);

  useEffect(() => setSnap(localStorage.getItem(SNAP_KEY) === "1"), []);
  // The editor's few global rules go to <head> (the page body holds no <style>: see documents.spec).
  useEffect(() => {
    if (document.getElementById("qc-workspace-css")) return;
    const style = document.createElement("style");
    style.id = "qc-workspace-css";
    style.textContent = WORKSPACE_CSS + BLANK_LINE_CSS;
    document.head.appendChild(style);
  }, []);
  const changeSnap = (value: boolean) => {
    setSnap(value);
    localStorage.setItem(SNAP_KEY, value ? "1" : "0");
  };

  const visible = useMemo(
    () => store.codings.filter((c) => !hiddenCodes.has(c.codeId) && !hiddenCoders.has(c.coderId)),
    [store.codings, hiddenCodes, hiddenCoders],
  );
  const mayEdit = useCallback((c: ClientCoding) => canCode && (c.coderId === userId || props.mayEditOthers), [canCode, userId, props.mayEditOthers]);

  // Handlers the editor calls: kept in a ref so the editor is created once.
  const handlers = useRef<{ keyDown: (e: KeyboardEvent) => boolean; click: (pos: number, e: MouseEvent) => boolean; drop: (e: DragEvent) => boolean }>({
    keyDown: () => false,
    click: () => false,
    drop: () => false,
  });

  // Options built once: a new options object on each render would make Tiptap call setOptions
  // (and ProseMirror re-check its 10,000-node view) on every React render.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const editorOptions = useMemo<Partial<EditorOptions>>(() => ({
    immediatelyRender: false,
    shouldRerenderOnTransaction: false,
    enableInputRules: false,
    enablePasteRules: false,
    extensions: [
      StarterKit.configure({
        undoRedo: false,
        trailingNode: false,
        dropcursor: false,
        gapcursor: false,
        link: false,
        blockquote: false,
        bold: false,
        italic: false,
        strike: false,
        underline: false,
        code: false,
        codeBlock: false,
        bulletList: false,
        orderedList: false,
        listItem: false,
        listKeymap: false,
        horizontalRule: false,
        hardBreak: false,
      }),
      BlankLines,
      CodingHighlights,
    ],
    content: doc,
    onCreate: () => performance.mark("qc-editor-created"),
    editorProps: {
      attributes: {
        role: "textbox",
        "aria-readonly": "true",
        "aria-multiline": "true",
        "aria-label": "Coded text",
        spellcheck: "false",
        class: "qc-editor outline-none",
        ...(props.lang ? { lang: props.lang } : {}),
      },
      handleKeyDown: (_view, event) => handlers.current.keyDown(event),
      handleClick: (_view, pos, event) => handlers.current.click(pos, event),
      handleDrop: (_view, event) => handlers.current.drop(event as DragEvent) || true,
      handlePaste: () => true,
      handleDOMEvents: {
        // Read-only text: nothing typed, cut or dropped changes it.
        beforeinput: (_view, event) => {
          event.preventDefault();
          return true;
        },
      },
    },
  }), []);
  const editor = useEditor(editorOptions);


  // ── live updates ──────────────────────────────────────────────────────────────────────────
  // Everyone's changes (this user's own included) arrive as events and are applied here; the
  // page is not refreshed from the server (a 1 MB document would be sent again).
  const codesReload = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useLiveEvents(
    (event) => {
      if (event.entityType === "coding") return store.applyEvent(event, userId);
      if (event.entityType === "code") {
        // Renames, colours, moves, merges and deletions: the codebook as the server now has it.
        clearTimeout(codesReload.current);
        codesReload.current = setTimeout(() => {
          api
            .codes()
            .then((fresh) =>
              setCodes((current) => {
                const old = new Map(current.map((c) => [c.id, c]));
                return fresh.map((c) => ({ ...c, codingCount: old.get(c.id)?.codingCount ?? 0, documentCount: old.get(c.id)?.documentCount ?? 0 }));
              }),
            )
            .catch(() => undefined);
        }, 100);
        return;
      }
      if (event.type === "project.revealed" || event.type === "project.mode_changed") void store.reload().catch(() => undefined);
    },
    { claim: true },
  );
  useEffect(() => () => clearTimeout(codesReload.current), []);

  // ── drawing ───────────────────────────────────────────────────────────────────────────────
  // Codings are painted with the CSS Custom Highlight API where the browser has it (measured in
  // bench/p2: ProseMirror decorations for 5,000 codings cost ~400 ms per change on a 1 MB text;
  // highlights cost a few ms and leave the editor DOM alone). Decorations are the fallback.
  const ranges = useMemo(() => (editor && !editor.isDestroyed ? new DomRanges(editor.view.dom as HTMLElement, index) : null), [editor, index]);
  const useHighlights = typeof CSS !== "undefined" && "highlights" in CSS;
  const pageMarks = useMemo(
    () => props.pages.map((p) => ({ pos: index.u16ToPm(visibleLineStart(text, index.cpToU16(Math.min(p.start, index.lengthCp)))), page: p.page })),
    [props.pages, index, text],
  );
  const drawn = useMemo<DrawnCoding[]>(
    () =>
      useHighlights
        ? NO_DECORATIONS
        : visible.map((c) => ({
            id: c.id,
            from: index.cpToPm(c.start),
            to: index.cpToPm(c.end),
            color: codeById.get(c.codeId)?.color ?? "#999999",
            selected: c.id === selectedId,
            pending: c.pending,
          })),
    [useHighlights, visible, index, codeById, selectedId],
  );

  useEffect(() => {
    if (!editor || editor.isDestroyed) return;
    editor.view.dispatch(editor.state.tr.setMeta(codingHighlightsKey, { codings: drawn, pages: pageMarks }));
  }, [editor, drawn, pageMarks]);

  // One highlight per code (its colour, translucent, so overlaps of different codes blend).
  useEffect(() => {
    if (!useHighlights) return;
    let style = document.getElementById("qc-highlight-css");
    if (!style) {
      style = document.createElement("style");
      style.id = "qc-highlight-css";
      document.head.appendChild(style);
    }
    style.textContent =
      codes.map((c, i) => `::highlight(qc-c${i}){background-color:${translucent(c.color, 0.32)}}`).join("\n") +
      "\n::highlight(qc-sel){background-color:rgb(0 0 0 / 0.12);text-decoration:underline 2px}" +
      // Suggestions are not codings: a dotted underline, no fill, so they never pass for one.
      "\n::highlight(qc-suggest){text-decoration:underline dotted 2px rgb(37 99 235 / 0.85)}" +
      "\n::highlight(qc-suggest-focus){background-color:rgb(37 99 235 / 0.16)}" +
      "\n::highlight(qc-hover){background-color:rgb(0 0 0 / 0.18);text-decoration:underline 2px}";
  }, [useHighlights, codes]);

  useEffect(() => {
    if (!useHighlights || !ranges) return;
    const slot = new Map(codes.map((c, i) => [c.id, `qc-c${i}`]));
    const groups = new Map<string, Range[]>();
    for (const c of visible) {
      const name = slot.get(c.codeId);
      if (!name) continue;
      let list = groups.get(name);
      if (!list) groups.set(name, (list = []));
      list.push(ranges.range(c.start, c.end));
    }
    for (const key of [...CSS.highlights.keys()]) if (key.startsWith("qc-c") && !groups.has(key)) CSS.highlights.delete(key);
    for (const [name, list] of groups) CSS.highlights.set(name, new Highlight(...list));
    const sel = selectedId ? visible.find((c) => c.id === selectedId) : undefined;
    if (sel) CSS.highlights.set("qc-sel", new Highlight(ranges.range(sel.start, sel.end)));
    else CSS.highlights.delete("qc-sel");
    if (!performance.getEntriesByName("qc-highlights").length) performance.mark("qc-highlights");
    window.dispatchEvent(new Event("qc-painted"));
  }, [useHighlights, ranges, visible, codes, selectedId]);

  useEffect(
    () => () => {
      if (typeof CSS === "undefined" || !("highlights" in CSS)) return;
      for (const key of [...CSS.highlights.keys()]) if (key.startsWith("qc-")) CSS.highlights.delete(key);
    },
    [],
  );

  // Stripes only for codings near the viewport: positions are read from the layout, which for
  // 5,000 codings on a 1 MB text costs more than a frame; a screenful costs well under a ms.
  const relayout = useCallback(() => {
    if (!ranges || !container.current) return;
    const lines = ranges.visibleLines(8);
    if (!lines) return setStripes({ stripes: [], columns: 0 });
    const [l0, l1] = lines;
    const cpA = ranges.lineStartCp(l0);
    const cpB = l1 + 1 < ranges.lineCount ? ranges.lineStartCp(l1 + 1) : index.lengthCp;
    const near = visible.filter((c) => c.end >= cpA && c.start <= cpB);
    setStripes(layoutStripes(ranges, container.current, near, (id) => codeById.get(id)));
  }, [ranges, index, visible, codeById]);

  // The first stripes wait for the first frame with the text: until it is laid out, every line
  // off-screen by content-visibility measures one line high and each read unlocks one more line
  // with a layout of its own (bench P2: ~100 ms of forced layouts, before the first paint).
  // Later changes (a new coding, a filter) redraw in the next frame.
  const firstFrameDone = useRef(false);
  useEffect(() => {
    if (!editor || !ranges) return;
    const draw = () => {
      firstFrameDone.current = true;
      relayout();
      setReady(true);
    };
    let raf = requestAnimationFrame(() => {
      if (firstFrameDone.current) draw();
      else raf = requestAnimationFrame(draw);
    });
    return () => cancelAnimationFrame(raf);
  }, [editor, ranges, relayout]);

  useEffect(() => {
    if (!ready) return;
    performance.mark("qc-workspace-ready");
  }, [ready]);

  useEffect(() => {
    let t: ReturnType<typeof setTimeout> | undefined;
    let raf = 0;
    const onResize = () => {
      clearTimeout(t);
      t = setTimeout(relayout, 150);
    };
    const onScroll = () => {
      if (raf) return;
      raf = requestAnimationFrame(() => {
        raf = 0;
        relayout();
      });
    };
    window.addEventListener("resize", onResize);
    window.addEventListener("scroll", onScroll, { passive: true });
    return () => {
      window.removeEventListener("resize", onResize);
      window.removeEventListener("scroll", onScroll);
      clearTimeout(t);
      cancelAnimationFrame(raf);
    };
  }, [relayout]);

  // Grips at both ends of the selected coding (when this user may change it).
  const selectedCoding = selectedId ? visible.find((c) => c.id === selectedId) : undefined;
  useEffect(() => {
    if (!ranges || !container.current || !selectedCoding || selectedCoding.pending || !mayEdit(selectedCoding)) return setHandles(null);
    const origin = container.current.getBoundingClientRect();
    const rects = ranges.range(selectedCoding.start, selectedCoding.end).getClientRects();
    if (rects.length === 0) return setHandles(null);
    const a = rects[0]!;
    const b = rects[rects.length - 1]!;
    setHandles({
      start: { left: a.left - origin.left, top: a.top - origin.top, height: a.height },
      end: { left: b.right - origin.left, top: b.top - origin.top, height: b.height },
    });
  }, [ranges, selectedCoding, mayEdit, stripes]);

  const hover = useCallback(
    (id: string | null) => {
      const c = id ? visible.find((x) => x.id === id) : undefined;
      if (useHighlights) {
        if (c && ranges) CSS.highlights.set("qc-hover", new Highlight(ranges.range(c.start, c.end)));
        else CSS.highlights.delete("qc-hover");
        return;
      }
      const root = editor?.view.dom;
      if (!root) return;
      root.querySelectorAll(".qc-hover").forEach((el) => el.classList.remove("qc-hover"));
      if (id) root.querySelectorAll(`[data-cid="${CSS.escape(id)}"]`).forEach((el) => el.classList.add("qc-hover"));
    },
    [editor, visible, useHighlights, ranges],
  );

  // ── positions and scrolling ─────────────────────────────────────────────────────────────
  const relTop = (clientY: number) => clientY - (container.current?.getBoundingClientRect().top ?? 0);
  const scrollToCp = useCallback(
    (cp: number, where: "top" | "center") => {
      if (!editor) return;
      const coords = editor.view.coordsAtPos(index.cpToPm(Math.min(cp, index.lengthCp)));
      const y = window.scrollY + coords.top - (where === "top" ? HEADER + 8 : window.innerHeight / 2);
      window.scrollTo({ top: Math.max(0, y) });
    },
    [editor, index],
  );

  const selectCoding = useCallback(
    (id: string, open: boolean) => {
      const c = store.codings.find((x) => x.id === id);
      if (!c) return;
      setSelectedId(id);
      setPicker(null);
      if (open && editor) {
        const coords = editor.view.coordsAtPos(index.cpToPm(c.end), -1);
        const rect = container.current!.getBoundingClientRect();
        const ids = visible.filter((x) => x.start === c.start && x.end === c.end).map((x) => x.id);
        setPopover({ ids: ids.includes(id) ? ids : [id, ...ids], top: coords.bottom - rect.top + 8, left: Math.max(0, Math.min(coords.left - rect.left, rect.width - 330)) });
      }
    },
    [store.codings, editor, index, visible],
  );

  // Open at #coding-<id> or #at-<code point> (agreement drill-down), else where this user last was.
  const restored = useRef(false);
  useEffect(() => {
    if (!ready || restored.current) return;
    restored.current = true;
    const m = /^#coding-(.+)$/.exec(window.location.hash);
    // #at-<start>-<end> (a search hit) also marks the span it points at.
    const at = /^#at-(\d+)(?:-(\d+))?$/.exec(window.location.hash);
    const target = m ? store.codings.find((c) => c.id === m[1]) : undefined;
    if (target) {
      scrollToCp(target.start, "center");
      selectCoding(target.id, true);
    } else if (at) {
      const start = Math.min(Number(at[1]), index.lengthCp);
      scrollToCp(start, "center");
      const end = at[2] === undefined ? null : Math.min(Number(at[2]), index.lengthCp);
      if (end !== null && end > start && ranges && typeof CSS !== "undefined" && "highlights" in CSS) CSS.highlights.set("qc-suggest-focus", new Highlight(ranges.range(start, end)));
    } else if (props.readingOffset) {
      scrollToCp(props.readingOffset, "top");
    }
  }, [ready, store.codings, scrollToCp, selectCoding, props.readingOffset, index, ranges]);

  // A link to another coding of this document, followed on the page (same-document navigation).
  useEffect(() => {
    if (!ready) return;
    const onHash = () => {
      const m = /^#coding-(.+)$/.exec(window.location.hash);
      const target = m ? store.codings.find((c) => c.id === m[1]) : undefined;
      if (!target) return;
      scrollToCp(target.start, "center");
      selectCoding(target.id, true);
    };
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, [ready, store.codings, scrollToCp, selectCoding]);

  // Save the reading position (the top visible line), debounced.
  useEffect(() => {
    if (!ready || !editor) return;
    let t: ReturnType<typeof setTimeout> | undefined;
    let last = -1;
    const save = () => {
      const rect = editor.view.dom.getBoundingClientRect();
      const hit = editor.view.posAtCoords({ left: rect.left + 4, top: Math.max(rect.top + 1, HEADER + 8) });
      if (!hit) return;
      const $pos = editor.state.doc.resolve(hit.pos);
      const offset = index.pmToCp($pos.depth > 0 ? $pos.start() : hit.pos);
      if (offset === last) return;
      last = offset;
      void saveReadingPositionAction({ projectId, documentId, offset });
    };
    const onScroll = () => {
      clearTimeout(t);
      t = setTimeout(save, 800);
    };
    window.addEventListener("scroll", onScroll, { passive: true });
    return () => {
      window.removeEventListener("scroll", onScroll);
      clearTimeout(t);
    };
  }, [ready, editor, index, projectId, documentId]);

  // ── selection → picker ──────────────────────────────────────────────────────────────────
  const updatePicker = useCallback(() => {
    if (!editor || !canCode || !container.current) return;
    const { from, to, empty } = editor.state.selection;
    if (empty) return setPicker(null);
    const coords = editor.view.coordsAtPos(to, -1);
    const rect = container.current.getBoundingClientRect();
    setPopover(null);
    setSelectedId(null);
    setPicker({ from, to, top: coords.bottom - rect.top + 6, left: Math.max(0, Math.min(coords.left - rect.left, rect.width - 300)) });
  }, [editor, canCode]);

  useEffect(() => {
    if (!editor) return;
    const onSel = () => {
      if (!mouseDown.current) updatePicker();
    };
    const down = (e: MouseEvent) => {
      if (editor.view.dom.contains(e.target as Node)) mouseDown.current = true;
    };
    const up = () => {
      if (!mouseDown.current) return;
      mouseDown.current = false;
      setTimeout(updatePicker, 0);
    };
    editor.on("selectionUpdate", onSel);
    document.addEventListener("mousedown", down, true);
    document.addEventListener("mouseup", up, true);
    return () => {
      editor.off("selectionUpdate", onSel);
      document.removeEventListener("mousedown", down, true);
      document.removeEventListener("mouseup", up, true);
    };
  }, [editor, updatePicker]);

  const codeSelection = useCallback(
    async (from: number, to: number, choice: PickerChoice) => {
      let start = index.pmToCp(from, "start");
      let end = index.pmToCp(to, "end");
      if (snap) ({ start, end } = snapToWords(text, start, end));
      if (end <= start) return;
      setPicker(null);
      editor?.commands.setTextSelection(to);
      let codeId: string;
      if (choice.kind === "code") codeId = choice.codeId;
      else {
        const name =
          choice.kind === "create"
            ? choice.name
            : index.sliceCp(start, end).replace(/\s+/g, " ").replace(/\//g, "-").trim().slice(0, 120);
        const existing = codes.find((c) => c.name.toLowerCase() === name.toLowerCase() && c.parentId === null);
        if (existing) codeId = existing.id;
        else {
          try {
            const created = await api.createCode(name);
            setCodes((cs) => [...cs, created]);
            codeId = created.id;
          } catch (e) {
            const { toast } = await import("sonner");
            toast.error(`Could not create the code: ${(e as Error).message}`);
            return;
          }
        }
      }
      await store.create({ codeId, start, end }, userId);
    },
    [index, snap, text, editor, codes, api, store, userId],
  );

  const adjust = useCallback(
    (c: ClientCoding, edge: "start" | "end", by: number) => {
      const start = edge === "start" ? c.start + by : c.start;
      const end = edge === "end" ? c.end + by : c.end;
      if (start < 0 || end > index.lengthCp || end <= start) return;
      void store.update(c, edge === "start" ? { start } : { end });
    },
    [index, store],
  );

  // ── keyboard and mouse in the editor ──────────────────────────────────────────────────────
  handlers.current.keyDown = (e) => {
    const mod = e.ctrlKey || e.metaKey;
    const key = e.key.toLowerCase();
    if (mod && key === "z") {
      void (e.shiftKey ? store.redo() : store.undo());
      return true;
    }
    if (mod && key === "y") {
      void store.redo();
      return true;
    }
    const selected = selectedId ? store.codings.find((c) => c.id === selectedId) : undefined;
    if (selected && mayEdit(selected) && !selected.pending && e.shiftKey && (e.key === "ArrowLeft" || e.key === "ArrowRight")) {
      adjust(selected, e.altKey ? "start" : "end", e.key === "ArrowLeft" ? -1 : 1);
      return true;
    }
    if (selected && mayEdit(selected) && (e.key === "Delete" || e.key === "Backspace")) {
      void store.remove(selected);
      setSelectedId(null);
      setPopover(null);
      return true;
    }
    if (e.key === "Escape") {
      setPicker(null);
      setPopover(null);
      setSelectedId(null);
      return false;
    }
    // The editor's own selection, not the picker's state: a key may come before the picker renders.
    const sel = editor?.state.selection;
    if (sel && !sel.empty && canCode && !mod && !e.altKey) {
      if (/^[1-9]$/.test(e.key)) {
        const code = codes.find((c) => shortcuts.get(c.id) === Number(e.key));
        if (code) void codeSelection(sel.from, sel.to, { kind: "code", codeId: code.id });
        return true;
      }
      if (e.key === "Enter" || (e.key.length === 1 && /\S/.test(e.key))) {
        const initial = e.key === "Enter" ? undefined : e.key;
        if (!picker) updatePicker();
        setTimeout(() => pickerRef.current?.focusFilter(initial), 0);
        return true;
      }
    }
    // Anything that would type or delete is swallowed; navigation and copying pass.
    if (!mod && (e.key.length === 1 || e.key === "Enter" || e.key === "Backspace" || e.key === "Delete")) return true;
    return false;
  };

  handlers.current.click = (pos, e) => {
    const cp = index.pmToCp(pos);
    const here = visible.filter((c) => c.start <= cp && cp < c.end);
    if (here.length === 0) {
      setPopover(null);
      setSelectedId(null);
      return false;
    }
    const innermost = here.reduce((a, b) => (b.end - b.start < a.end - a.start ? b : a));
    const rect = container.current!.getBoundingClientRect();
    setSelectedId(innermost.id);
    setPicker(null);
    setPopover({ ids: here.map((c) => c.id), top: e.clientY - rect.top + 16, left: Math.max(0, Math.min(e.clientX - rect.left - 40, rect.width - 330)) });
    return false;
  };

  handlers.current.drop = (e) => {
    const codeId = e.dataTransfer?.getData("application/x-qualcode-code");
    if (!codeId || !editor || !canCode) return false;
    const { from, to, empty } = editor.state.selection;
    if (!empty) void codeSelection(from, to, { kind: "code", codeId });
    return true;
  };

  // Undo/redo also when focus is outside the editor (but not inside a text field).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (t?.closest(".ProseMirror") || t?.closest("input, textarea, select, [contenteditable=true]")) return;
      const key = e.key.toLowerCase();
      if ((e.ctrlKey || e.metaKey) && (key === "z" || key === "y")) {
        e.preventDefault();
        void (e.shiftKey || key === "y" ? store.redo() : store.undo());
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [store]);

  // ── navigation between codings of one code ────────────────────────────────────────────────
  const navCodeId = panelCodeId ?? (selectedId ? store.codings.find((c) => c.id === selectedId)?.codeId : undefined) ?? null;
  const goCoding = (dir: 1 | -1) => {
    if (!navCodeId) return;
    const list = visible.filter((c) => c.codeId === navCodeId).sort((a, b) => a.start - b.start || b.end - a.end);
    if (list.length === 0) return;
    const at = list.findIndex((c) => c.id === selectedId);
    const next = at < 0 ? (dir === 1 ? list[0]! : list[list.length - 1]!) : list[(at + dir + list.length) % list.length]!;
    scrollToCp(next.start, "center");
    setPopover(null);
    setSelectedId(next.id);
  };

  // ── counts ────────────────────────────────────────────────────────────────────────────────
  const countsInDocument = useMemo(() => {
    const counts: Record<string, number> = {};
    for (const c of store.codings) counts[c.codeId] = (counts[c.codeId] ?? 0) + 1;
    return counts;
  }, [store.codings]);
  const countsInProject = useMemo(() => {
    const counts: Record<string, number> = { ...props.countsInProject };
    for (const [id, d] of Object.entries(store.sessionDelta)) counts[id] = (counts[id] ?? 0) + d;
    return counts;
  }, [props.countsInProject, store.sessionDelta]);
  const panelCoders = useMemo(() => {
    const ids = new Set(store.codings.map((c) => c.coderId));
    ids.add(userId);
    return [...ids].map((id) => ({ id, name: coders.get(id)?.name ?? "Unknown coder" }));
  }, [store.codings, coders, userId]);

  const acceptSuggestion = useCallback(async (s: Suggestion) => (await store.create({ codeId: s.codeId, start: s.start, end: s.end }, userId)) !== null, [store, userId]);
  const showSuggestion = useCallback(
    (s: Suggestion) => {
      scrollToCp(s.start, "center");
      if (useHighlights && ranges) CSS.highlights.set("qc-suggest-focus", new Highlight(ranges.range(s.start, s.end)));
    },
    [scrollToCp, useHighlights, ranges],
  );

  const popoverCodings = popover ? popover.ids.map((id) => store.codings.find((c) => c.id === id)).filter((c): c is ClientCoding => !!c) : [];
  const selectionText = picker ? index.sliceCp(index.pmToCp(picker.from, "start"), index.pmToCp(picker.to, "end")) : "";

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_17rem]" data-workspace-ready={ready ? "true" : undefined}>
      <div className="min-w-0 rounded-xl border bg-card py-8 pl-6 pr-2 shadow-sm sm:pl-10">
        <div ref={container} className="relative flex items-start gap-2">
          <div className="min-w-0 flex-1">
            {!editor && props.children}
            <div className="mx-auto max-w-[70ch] font-serif text-[1.05rem] leading-relaxed text-foreground" style={editor ? undefined : { display: "none" }}>
              {editor && (
                <div role="region" aria-label="Document text" lang={props.lang ?? undefined}>
                  <EditorContent editor={editor} />
                </div>
              )}
            </div>
          </div>
          {handles && selectedCoding && (
            <BoundaryHandles
              start={handles.start}
              end={handles.end}
              color={codeById.get(selectedCoding.codeId)?.color ?? "#999999"}
              offsetAt={(x, y, edge) => {
                const hit = editor?.view.posAtCoords({ left: x, top: y });
                return hit ? index.pmToCp(hit.pos, edge) : null;
              }}
              onMove={(edge, offset) => {
                const start = edge === "start" ? offset : selectedCoding.start;
                const end = edge === "end" ? offset : selectedCoding.end;
                if (start >= end) {
                  void import("sonner").then(({ toast }) => toast.error("A coding keeps at least one character: drag the boundary back inside the other end."));
                  return;
                }
                if (start !== selectedCoding.start || end !== selectedCoding.end) void store.update(selectedCoding, edge === "start" ? { start } : { end });
              }}
              onNudge={(edge, by) => adjust(selectedCoding, edge, by)}
            />
          )}
          <CodingStripes
            stripes={stripes.stripes}
            columns={stripes.columns}
            selectedId={selectedId}
            onHover={hover}
            onSelect={(id) => {
              selectCoding(id, true);
              editor?.view.focus();
            }}
          />
          {picker && canCode && (
            <CodePicker
              ref={pickerRef}
              codes={codes}
              shortcuts={shortcuts}
              selectionText={selectionText}
              top={picker.top}
              left={picker.left}
              snap={snap}
              onSnapChange={changeSnap}
              onChoose={(choice) => void codeSelection(picker.from, picker.to, choice)}
              onClose={() => {
                setPicker(null);
                editor?.view.focus();
              }}
            />
          )}
          {popover && popoverCodings.length > 0 && (
            <CodingPopover
              codings={popoverCodings}
              selectedId={selectedId}
              codes={codes}
              coders={coders}
              mayEdit={mayEdit}
              canCode={canCode}
              top={popover.top}
              left={popover.left}
              onSelect={setSelectedId}
              onChangeCode={(c, codeId) => void store.update(c, { codeId })}
              onAddCode={(c, codeId) => void store.create({ codeId, start: c.start, end: c.end }, userId)}
              onMemo={(c, memo) => void store.update(c, { memo })}
              onAdjust={adjust}
              onDelete={(c) => {
                void store.remove(c);
                setPopover(null);
                setSelectedId(null);
              }}
              onClose={() => {
                setPopover(null);
                setSelectedId(null);
              }}
            />
          )}
        </div>
      </div>
      <aside aria-label="Coding tools" className="grid content-start gap-5 lg:sticky lg:top-20 lg:max-h-[calc(100vh-6rem)] lg:overflow-y-auto">
        <PresenceAvatars documentId={documentId} label="Also viewing this document" caption="Also here" />
        <CodeTreePanel
          projectId={projectId}
          codes={codes}
          countsInDocument={countsInDocument}
          countsInProject={countsInProject}
          hiddenCodeIds={hiddenCodes}
          onToggleCode={(id, hidden) => setHiddenCodes((s) => toggled(s, id, hidden))}
          coders={panelCoders}
          hiddenCoderIds={hiddenCoders}
          onToggleCoder={(id, hidden) => setHiddenCoders((s) => toggled(s, id, hidden))}
          onSelectCode={(id) => setPanelCodeId((cur) => (cur === id ? null : id))}
          selectedCodeId={panelCodeId}
          canEdit={false}
        />
        {props.suggestions && ready && (
          <SuggestionsPanel projectId={projectId} documentId={documentId} codes={codes} index={index} ranges={ranges} canCode={canCode} onAccept={acceptSuggestion} onShow={showSuggestion} />
        )}
        <div className="flex items-center gap-1 text-sm" role="group" aria-label="Codings of the selected code">
          <Button type="button" variant="outline" size="sm" disabled={!navCodeId} onClick={() => goCoding(-1)}>
            <ChevronUp aria-hidden />
            Previous coding
          </Button>
          <Button type="button" variant="outline" size="sm" disabled={!navCodeId} onClick={() => goCoding(1)}>
            <ChevronDown aria-hidden />
            Next coding
          </Button>
        </div>
        {outline.length > 0 && (
          <nav aria-label="Outline" className="text-sm">
            <h3 className="mb-2 text-xs font-medium uppercase tracking-wide text-muted-foreground">Outline</h3>
            <ol className="grid gap-0.5">
              {outline.map((o, i) => (
                <li key={o.line} style={{ paddingLeft: `${Math.min(o.level - 1, 4) * 0.75}rem` }}>
                  <a
                    href={`#section-${i + 1}`}
                    onClick={(e) => {
                      e.preventDefault();
                      scrollToCp(o.cp, "top");
                    }}
                    className="block rounded px-2 py-1 leading-snug text-muted-foreground hover:bg-accent hover:text-foreground"
                  >
                    {o.text || "(untitled section)"}
                  </a>
                </li>
              ))}
            </ol>
          </nav>
        )}
      </aside>
    </div>
  );
}

function toggled(set: ReadonlySet<string>, id: string, on: boolean): ReadonlySet<string> {
  const next = new Set(set);
  if (on) next.add(id);
  else next.delete(id);
  return next;
}
