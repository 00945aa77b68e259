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
      {
        // Two or more blank lines before a line with text: that many lines' gap above it, so a
        // text spaced out with several empty lines (page breaks in PDFs, sections in plain text)
        // looks as it does in the original. One blank line is the CSS rule's single gap.
        types: ["paragraph", "heading"],
        attributes: {
          gapBefore: {
            default: null,
            parseHTML: (element) => {
              const lines = Number(element.getAttribute("data-gap"));
              return Number.isInteger(lines) && lines >= 2 ? lines : null;
            },
            renderHTML: (attributes) => {
              const lines = attributes.gapBefore;
              if (!Number.isInteger(lines) || lines < 2) return {};
              return { "data-gap": String(lines), style: `margin-top: ${lines}lh` };
            },
          },
        },
      },
    ];
  },
});

/**
 * A blank line shows as one line's gap above the next line with text (as a blank line between
 * paragraphs looks; a longer run sets its own gap, see `gapBefore`); a hidden line takes no
 * selection, caret or hit-test.
 */
export const BLANK_LINE_CSS = `
.qc-editor > p.${BLANK_LINE_CLASS} { display: none; }
.qc-editor > .${BLANK_LINE_CLASS} + :not(.${BLANK_LINE_CLASS}) { margin-top: 1lh; }
`;
