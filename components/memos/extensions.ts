import { Placeholder } from "@tiptap/extensions";
import StarterKit from "@tiptap/starter-kit";

/**
 * The memo editor's schema, shared by the editor and the static renderer. No links: a memo
 * is a note, and lib/memos/doc refuses link marks so no stored URL can ever become a link.
 */
export const memoSchemaExtensions = [StarterKit.configure({ link: false, heading: { levels: [2, 3] } })];

export function memoEditorExtensions(placeholder: string) {
  return [...memoSchemaExtensions, Placeholder.configure({ placeholder })];
}
