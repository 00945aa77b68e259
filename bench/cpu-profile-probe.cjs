// Preloaded into P1's profiled app server (NODE_OPTIONS="--require …"), never into the app
// itself. The first SIGUSR2 starts V8's sampling profiler, the second stops it and writes
// $QC_PROFILE_DIR/<pid>.cpuprofile, so the profile holds the measured load and nothing else
// (no start-up, no warm-up).
"use strict";
const dir = process.env.QC_PROFILE_DIR;
if (dir) {
  const fs = require("node:fs");
  const path = require("node:path");
  const inspector = require("node:inspector");
  const session = new inspector.Session();
  session.connect();
  let running = false;
  process.on("SIGUSR2", () => {
    if (!running) {
      running = true;
      session.post("Profiler.enable", () => session.post("Profiler.setSamplingInterval", { interval: 250 }, () => session.post("Profiler.start")));
      return;
    }
    running = false;
    session.post("Profiler.stop", (error, result) => {
      const file = path.join(dir, `${process.pid}.cpuprofile`);
      fs.writeFileSync(file, error ? JSON.stringify({ error: String(error) }) : JSON.stringify(result.profile));
    });
  });
}
