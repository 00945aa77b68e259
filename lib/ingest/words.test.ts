import { describe, expect, it } from "vitest";
import { countWords } from "./words";

describe("countWords", () => {
  it("counts words, not punctuation or spaces; keeps apostrophes and hyphens inside words", () => {
    expect(countWords("")).toBe(0);
    expect(countWords("The treaty was signed — under pressure, in 1998.")).toBe(8);
    expect(countWords("  \n\t ")).toBe(0);
    expect(countWords("the state's follow-up ratification")).toBe(4);
    expect(countWords("Café naïve résumé")).toBe(3);
    expect(countWords("e\u0301te\u0301")).toBe(1); // combining accents stay inside the word
  });

  it("counts each Chinese or Japanese character as a word (as Word does), and RTL words as words", () => {
    expect(countWords("条约已经签署")).toBe(6);
    expect(countWords("条約を批准した")).toBe(7);
    expect(countWords("The 条约 treaty")).toBe(4);
    expect(countWords("صادقت الدولة على المعاهدة")).toBe(4);
    expect(countWords("המדינה אשררה את האמנה")).toBe(4);
  });
});
