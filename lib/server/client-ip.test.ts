import { describe, expect, it } from "vitest";
import { clientIp } from "./client-ip";

const ip = (headers: Record<string, string>) => clientIp(new Headers(headers));

describe("clientIp (the sign-in throttle's address)", () => {
  it.each([
    ["the only X-Forwarded-For entry", { "x-forwarded-for": "203.0.113.7" }, "203.0.113.7"],
    ["the entry the nearest proxy appended, not what the client claimed before it", { "x-forwarded-for": "1.2.3.4, 10.9.8.7, 203.0.113.7" }, "203.0.113.7"],
    ["trimmed", { "x-forwarded-for": "1.2.3.4 ,  203.0.113.7  " }, "203.0.113.7"],
    ["X-Real-IP when there is no X-Forwarded-For", { "x-real-ip": " 198.51.100.1 " }, "198.51.100.1"],
    ["an IPv6 address as it is", { "x-forwarded-for": "2001:db8::1" }, "2001:db8::1"],
  ])("takes %s", (_label, headers, expected) => {
    expect(ip(headers)).toBe(expected);
  });

  it("is null when no proxy said anything, or said nothing usable", () => {
    expect(ip({})).toBeNull();
    expect(ip({ "x-forwarded-for": "1.2.3.4, " })).toBeNull();
  });

  it("caps what it keeps, so a huge header cannot become a huge throttle key", () => {
    expect(ip({ "x-forwarded-for": "x".repeat(5000) })).toHaveLength(64);
  });
});
