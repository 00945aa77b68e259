import { watchProcess, type Watched } from "../helpers/processes";

/**
 * The fault child (tests/faults/fault-child.ts), optionally armed with a fault point. It loads
 * its modules and prints "ready"; `run` hands it its task, after which it opens the database.
 */
export type FaultChild = Watched & { run(task: unknown): Promise<void> };

export function startFaultChild(env: Record<string, string | undefined> = {}, preload?: string): FaultChild {
  const child = watchProcess(process.execPath, ["--conditions=react-server", "--import", "tsx", "tests/faults/fault-child.ts", ...(preload ? [preload] : [])], {
    ...process.env,
    NODE_ENV: "test",
    ...env,
  });
  return Object.assign(child, {
    async run(task: unknown) {
      await child.waitFor(/\[fault-child\] ready/);
      child.send(JSON.stringify(task));
    },
  });
}
