import { describe, expect, it } from "vitest";
import { can, isRole, PERMISSION_LABELS, PERMISSION_NAMES, ROLES, seesAllCodings, type Permission, type Role } from "./index";

/**
 * The role table as the product promises it (README "Roles"), written out by hand: a change to
 * lib/permissions that grants or takes away anything must change this table too.
 * Columns: owner, coder, viewer.
 */
const Y = true;
const N = false;
const EXPECTED: Record<Permission, [owner: boolean, coder: boolean, viewer: boolean]> = {
  "project.read": [Y, Y, Y],
  "project.rename": [Y, N, N],
  "project.setMode": [Y, N, N],
  "project.reveal": [Y, N, N],
  "project.delete": [Y, N, N],
  "members.read": [Y, Y, Y],
  "members.manage": [Y, N, N],
  "codes.read": [Y, Y, Y],
  "codes.create": [Y, Y, N],
  "codes.update": [Y, Y, N],
  "codes.merge": [Y, N, N],
  "codes.delete": [Y, N, N],
  "documents.read": [Y, Y, Y],
  "documents.import": [Y, Y, N],
  "documents.update": [Y, Y, N],
  "documents.delete": [Y, N, N],
  "attributes.manage": [Y, N, N],
  "codings.read": [Y, Y, Y],
  "codings.create": [Y, Y, N],
  "codings.updateOwn": [Y, Y, N],
  "codings.updateAny": [Y, N, N],
  "codings.restore": [Y, N, N],
  "consensus.write": [Y, N, N],
  "memos.read": [Y, Y, Y],
  "memos.write": [Y, Y, N],
  "agreement.read": [Y, Y, Y],
  "agreement.save": [Y, Y, N],
  "agreement.delete": [Y, N, N],
  "aggregate.read": [Y, Y, Y],
  "queries.save": [Y, Y, N],
  "export.read": [Y, Y, Y],
  "search.read": [Y, Y, Y],
  "events.read": [Y, Y, Y],
  "assignments.manage": [Y, N, N],
  "assignments.complete": [Y, Y, N],
  "suggester.train": [Y, Y, N],
};

const ROLE_COLUMN: Record<Role, 0 | 1 | 2> = { owner: 0, coder: 1, viewer: 2 };

describe("permissions", () => {
  it("has exactly the three roles", () => {
    expect([...ROLES]).toEqual(["owner", "coder", "viewer"]);
  });

  it("names exactly the permissions in the expected table (a new one must be added here)", () => {
    expect([...PERMISSION_NAMES].sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  const cases = Object.entries(EXPECTED).flatMap(([permission, row]) =>
    ROLES.map((role) => ({ permission: permission as Permission, role, allowed: row[ROLE_COLUMN[role]] })),
  );
  it.each(cases)("$role → $permission: $allowed", ({ permission, role, allowed }) => {
    expect(can(role, permission)).toBe(allowed);
  });

  it("gives a non-member (no role) nothing", () => {
    for (const permission of PERMISSION_NAMES) {
      expect(can(null, permission)).toBe(false);
      expect(can(undefined, permission)).toBe(false);
    }
  });

  it("has a readable label for every permission", () => {
    for (const permission of PERMISSION_NAMES) expect(PERMISSION_LABELS[permission]).toMatch(/^[a-z].+[^.]$/);
  });

  it("recognises roles", () => {
    expect(ROLES.every(isRole)).toBe(true);
    for (const value of ["Owner", "admin", "", null, undefined, 1, {}]) expect(isRole(value)).toBe(false);
  });
});

describe("seesAllCodings (blind mode)", () => {
  // [mode, revealed, owner, coder, viewer]
  const TABLE: ["open" | "blind", boolean, boolean, boolean, boolean][] = [
    ["open", false, Y, Y, Y],
    ["open", true, Y, Y, Y],
    ["blind", false, Y, N, N],
    ["blind", true, Y, Y, Y],
  ];
  const cases = TABLE.flatMap(([mode, revealed, ...row]) =>
    ROLES.map((role) => ({ mode, revealed, role, expected: row[ROLE_COLUMN[role]]! })),
  );
  it.each(cases)("$mode (revealed: $revealed), $role → $expected", ({ mode, revealed, role, expected }) => {
    expect(seesAllCodings(role, { mode, revealed })).toBe(expected);
  });
});
