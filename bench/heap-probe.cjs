// Preloaded into the soak's app servers (NODE_OPTIONS="--expose-gc --require …"), never into the
// app itself. Resident memory is a poor leak signal: V8 grows its heap to a working size and
// keeps it. The heap still in use right after a full collection is the signal: every
// QC_HEAP_EVERY_MS this process collects and appends {t, title, heapUsed} to
// $QC_HEAP_DIR/<pid>.jsonl.
"use strict";
const dir = process.env.QC_HEAP_DIR;
if (dir && typeof global.gc === "function") {
  const fs = require("node:fs");
  const path = require("node:path");
  const file = path.join(dir, `${process.pid}.jsonl`);
  const every = Number(process.env.QC_HEAP_EVERY_MS || 20000);
  setInterval(() => {
    global.gc();
    const { heapUsed } = process.memoryUsage();
    fs.appendFileSync(file, `${JSON.stringify({ t: Date.now(), title: process.title, heapUsed })}\n`);
  }, every).unref();
}
