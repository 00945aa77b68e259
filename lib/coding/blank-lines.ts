import { Extension } from "@tiptap/core";

/** The class an empty line of the coded text carries (see BLANK_LINE_CSS). */
export const BLANK_LINE_CLASS = "qc-blank";

/**
 * Empty lines — half the lines of a typical text, whose paragraphs are separated by a blank
 * line — are marked so the coding view can leave them out of layout: a following line takes
 * their height as a margin instead. They stay in the document (one textblock per line is
 * the shape lib/offsets assumes); only their box goes. Measured in bench P2: a 1 MB text opens
 * ~150 ms sooner, from less style, layout and content-visibility work.
 */
export const BlankLines = Extension.create({
  name: "blankLines",
  addGlobalAttributes() {
    return [
      {
        types: ["paragraph"],
        attributes: {
          blank: {
            default: false,
            parseHTML: (element) => element.classList.contains(BLANK_LINE_CLASS),
            renderHTML: (attributes) => (attributes.blank ? { class: BLANK_LINE_CLASS } : {}),
          },
        },
      },
    ];
  },
});

/**
 * A run of blank lines shows as one line's gap above the next line with text (as a blank
 * line between paragraphs looks); a hidden line takes no selection, caret or hit-test.
 */
export const BLANK_LINE_CSS = `
.qc-editor > p.${BLANK_LINE_CLASS} { display: none; }
.qc-editor > .${BLANK_LINE_CLASS} + :not(.${BLANK_LINE_CLASS}) { margin-top: 1lh; }
`;
