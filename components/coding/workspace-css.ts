/** The few rules the editor needs that utility classes cannot reach (ProseMirror's own DOM). */
export const WORKSPACE_CSS = `
.qc-editor { white-space: pre-wrap; word-wrap: break-word; }
.qc-editor:focus-visible { outline: none; }
.qc-editor p { margin: 0; min-height: 1lh; }
/* Lines off screen skip layout and paint: 10,000 lines of a 1 MB text would otherwise be laid
   out before the first frame (bench P2). "auto" keeps each line's real height once measured. */
.qc-editor > * { content-visibility: auto; contain-intrinsic-size: auto 1lh; }
.qc-editor h1, .qc-editor h2, .qc-editor h3, .qc-editor h4, .qc-editor h5, .qc-editor h6 { font-family: var(--font-sans, ui-sans-serif, system-ui); font-weight: 600; line-height: 1.3; margin: 0.4em 0; }
.qc-editor h1 { font-size: 1.5rem; } .qc-editor h2 { font-size: 1.25rem; } .qc-editor h3 { font-size: 1.125rem; }
.qc-editor h4, .qc-editor h5, .qc-editor h6 { font-size: 1rem; }
.qc-coding { border-radius: 2px; cursor: pointer; box-shadow: inset 0 -2px 0 var(--qc-color); }
.qc-coding.qc-pending { opacity: 0.7; }
.qc-coding.qc-selected, .qc-coding.qc-hover { outline: 2px solid var(--qc-color); outline-offset: 0; }
.qc-page { display: flex; align-items: center; gap: 0.75rem; margin: 1.25rem 0; font-family: ui-sans-serif, system-ui; font-size: 0.75rem; color: var(--muted-foreground); user-select: none; }
.qc-page::before, .qc-page::after { content: ""; height: 1px; flex: 1; background: var(--border); }
`;
