import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "./index";

const wrapped = (cause: unknown) => Object.assign(new Error("Failed query: select 1\nparams: "), { cause });

describe("isDatabaseUnavailable", () => {
  it.each([
    ["a refused connection", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED", errno: -111 })],
    ["postgres.js: connection closed", Object.assign(new Error("write CONNECTION_CLOSED"), { code: "CONNECTION_CLOSED" })],
    ["admin shutdown (pg_ctl stop -m fast)", Object.assign(new Error("terminating connection due to administrator command"), { code: "57P01" })],
    ["starting up / shutting down", Object.assign(new Error("the database system is starting up"), { code: "57P03" })],
    ["a connection exception", Object.assign(new Error("connection failure"), { code: "08006" })],
  ])("%s, as drizzle wraps it", (_label, error) => {
    expect(isDatabaseUnavailable(wrapped(error))).toBe(true);
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ["a unique violation", Object.assign(new Error("duplicate key"), { code: "23505" })],
    ["a syntax error", Object.assign(new Error("syntax error"), { code: "42601" })],
    ["a plain bug", new TypeError("x is undefined")],
    ["nothing", undefined],
  ])("not %s", (_label, error) => {
    expect(isDatabaseUnavailable(wrapped(error))).toBe(false);
  });
});
