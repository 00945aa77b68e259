import { z } from "zod";

// Runs in the browser before the app: zod v4 probes whether it may compile validators with
// `new Function` the first time it parses an object, which the page CSP (no 'unsafe-eval',
// proxy.ts) blocks and reports as a violation. It would fall back by itself; saying so up
// front keeps the probe, and its violation report, from happening at all.
z.config({ jitless: true });
