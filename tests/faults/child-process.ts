import { watchProcess, type Watched } from "../helpers/processes";

/**
 * The fault child (tests/faults/fault-child.ts) on a database, optionally armed with a fault
 * point. It loads, prints "ready" and opens the database only when sent "go".
 */
export function startFaultChild(spec: unknown, env: Record<string, string | undefined> = {}): Watched {
  return watchProcess(process.execPath, ["--conditions=react-server", "--import", "tsx", "tests/faults/fault-child.ts", JSON.stringify(spec)], {
    ...process.env,
    NODE_ENV: "test",
    ...env,
  });
}
