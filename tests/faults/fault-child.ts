/**
 * The process the fault tests kill: it opens the database as the server does (openDatabase:
 * the PGlite directory lock, migrations, the PostgreSQL pool) and runs one operation through
 * the server's own service function. Started with QUALCODE_FAULT_POINT set, it stops inside the
 * operation's transaction and announces it on stderr (lib/server/fault-point.ts); without it,
 * it runs to the end and prints the result as JSON.
 *
 * It loads, says "ready", and waits for its task as one line of JSON on stdin
 * ({ "database": OpenOptions, "operation": OperationName, "fixture": Fixture }), so a test can
 * start it while it still holds the database itself (and before the fixture exists).
 *
 *   node --conditions=react-server --import tsx tests/faults/fault-child.ts [operation to preload]
 */
import { createInterface } from "node:readline";
import { openDatabase, type OpenOptions } from "@/db/client";
import { OPERATIONS, preloadOperation, runOperation, type Fixture, type OperationName } from "./operations";

const preload = process.argv[2] as OperationName | undefined;
if (preload && OPERATIONS.includes(preload)) await preloadOperation(preload);
process.stderr.write("[fault-child] ready\n");
const lines = createInterface({ input: process.stdin });
const line = await new Promise<string>((resolve) => lines.once("line", resolve));
lines.close();
const { database, operation, fixture } = JSON.parse(line) as { database: OpenOptions; operation: OperationName; fixture: Fixture };
const handle = await openDatabase(database);
process.stderr.write(`[fault-child] ${handle.driver} open, running ${operation}\n`);
const result = await runOperation(handle.db, operation, fixture);
process.stdout.write(`${JSON.stringify(result)}\n`);
await handle.close();
process.exit(0);
