/**
 * The process the fault tests kill: it opens the database as the server does (openDatabase:
 * the PGlite directory lock, migrations, the PostgreSQL pool) and runs one operation through
 * the server's own service function. Started with QUALCODE_FAULT_POINT set, it stops inside the
 * operation's transaction and announces it on stderr (lib/server/fault-point.ts); without it,
 * it runs to the end and prints the result as JSON.
 *
 * It loads its modules first, says "ready" and waits for a line on stdin before it opens the
 * database, so the test can load it while it still holds the database itself.
 *
 *   node --conditions=react-server --import tsx tests/faults/fault-child.ts '<json>'
 *   json: { "database": OpenOptions, "operation": OperationName, "fixture": Fixture }
 */
import { openDatabase, type OpenOptions } from "@/db/client";
import { runOperation, type Fixture, type OperationName } from "./operations";

const { database, operation, fixture } = JSON.parse(process.argv[2] ?? "{}") as { database: OpenOptions; operation: OperationName; fixture: Fixture };
process.stderr.write("[fault-child] ready\n");
await new Promise((resolve) => process.stdin.once("data", resolve));
process.stdin.pause();
const handle = await openDatabase(database);
process.stderr.write(`[fault-child] ${handle.driver} open, running ${operation}\n`);
const result = await runOperation(handle.db, operation, fixture);
process.stdout.write(`${JSON.stringify(result)}\n`);
await handle.close();
process.exit(0);
