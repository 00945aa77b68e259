// The P1 ceiling: the same coding row inserted through postgres.js by a bare Node HTTP server —
// no framework, no token check, no validation, no event row. Whatever the app reaches is
// measured against this, on the same machine in the same run.
import http from "node:http";
import postgres from "postgres";

const url = process.env.DATABASE_URL;
const port = Number(process.env.PORT ?? 3999);
const sql = postgres(url, { max: 10, onnotice: () => {} });

const server = http.createServer((req, res) => {
  let body = "";
  req.on("data", (chunk) => (body += chunk));
  req.on("end", async () => {
    try {
      const input = JSON.parse(body);
      const [row] = await sql`
        insert into codings (project_id, document_id, code_id, coder_id, start_offset, end_offset, quote)
        values (${input.projectId}, ${input.documentId}, ${input.codeId}, ${input.coderId}, ${input.start}, ${input.end}, ${input.quote})
        returning id`;
      res.writeHead(201, { "content-type": "application/json" });
      res.end(JSON.stringify(row));
    } catch (error) {
      res.writeHead(500);
      res.end(String(error));
    }
  });
});
server.listen(port, "127.0.0.1", () => console.log(`ceiling listening on ${port}`));
process.on("SIGTERM", () => server.close(() => sql.end().then(() => process.exit(0))));
