/**
 * A document's file name in the ZIP of texts: its id (unique, and the key into the dataset's
 * document_id column) then its title, with characters that are unsafe in file names on Windows,
 * macOS or Linux replaced, and length capped. Never a path: no separators, no leading dots.
 */
export function textFileName(id: string, title: string): string {
  const safe = title
    .normalize("NFC")
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]+/g, "_")
    .replace(/^[.\s]+|[.\s]+$/g, "")
    .slice(0, 80);
  return `${id}${safe ? ` ${safe}` : ""}.txt`;
}
