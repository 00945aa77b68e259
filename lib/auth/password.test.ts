import { describe, expect, it } from "vitest";
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, verifyPassword } from "./password";

const B64 = "[A-Za-z0-9+/]+={0,2}";

describe("password hashing (scrypt)", () => {
  it("stores scrypt$N$r$p$salt$hash with a 16-byte salt and a 32-byte key", async () => {
    const stored = await hashPassword("correct horse battery");
    expect(stored).toMatch(new RegExp(`^scrypt\\$32768\\$8\\$1\\$${B64}\\$${B64}$`));
    const [, , , , salt, key] = stored.split("$");
    expect(Buffer.from(salt!, "base64")).toHaveLength(16);
    expect(Buffer.from(key!, "base64")).toHaveLength(32);
    expect(stored).not.toContain("correct horse battery");
  });

  it("salts every hash: the same password hashes differently twice", async () => {
    const [a, b] = await Promise.all([hashPassword("same password"), hashPassword("same password")]);
    expect(a).not.toBe(b);
    expect(await verifyPassword("same password", a)).toBe(true);
    expect(await verifyPassword("same password", b)).toBe(true);
  });

  it("verifies the right password and refuses a wrong one", async () => {
    const stored = await hashPassword("correct horse battery");
    expect(await verifyPassword("correct horse battery", stored)).toBe(true);
    expect(await verifyPassword("correct horse batterY", stored)).toBe(false);
    expect(await verifyPassword("", stored)).toBe(false);
    expect(await verifyPassword("correct horse battery ", stored)).toBe(false);
  });

  it("returns false for an unknown user (null or undefined hash) whatever the password", async () => {
    expect(await verifyPassword("correct horse battery", null)).toBe(false);
    expect(await verifyPassword("correct horse battery", undefined)).toBe(false);
    // The dummy hash compared against is all zeros; even a password that matched it must not pass.
    expect(await verifyPassword("", null)).toBe(false);
  });

  it("refuses a malformed stored hash instead of throwing", async () => {
    expect(await verifyPassword("x", "not-a-hash")).toBe(false);
    expect(await verifyPassword("x", "bcrypt$1$2$3$4$5")).toBe(false);
    expect(await verifyPassword("x", "")).toBe(false);
  });

  it("normalises to NFC: a composed and a decomposed é are the same password", async () => {
    const composed = "caf\u00e9 au lait!";
    const decomposed = "cafe\u0301 au lait!";
    expect(composed).not.toBe(decomposed);
    const stored = await hashPassword(composed);
    expect(await verifyPassword(decomposed, stored)).toBe(true);
    const storedFromDecomposed = await hashPassword(decomposed);
    expect(await verifyPassword(composed, storedFromDecomposed)).toBe(true);
  });

  it("handles non-ASCII and long passwords", async () => {
    const long = "🔐".repeat(200) + "ünïcødé";
    const stored = await hashPassword(long);
    expect(await verifyPassword(long, stored)).toBe(true);
    expect(await verifyPassword(long.slice(0, -1), stored)).toBe(false);
  });

  it("has sensible length limits", () => {
    expect(MIN_PASSWORD_LENGTH).toBeGreaterThanOrEqual(8);
    expect(MAX_PASSWORD_LENGTH).toBeGreaterThanOrEqual(128);
  });
});
