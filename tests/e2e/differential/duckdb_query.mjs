// Runs SQL in an in-memory DuckDB (@duckdb/node-api) for run_peer.py.
// Reads JSON from stdin: {"setup": [statement, ...], "queries": [{"id",
// "zone", "sql"}, ...]}; runs the setup, then each query in a session whose
// TimeZone is `zone`, and prints {"<id>": ["first column of each row", ...]
// or {"error": "..."}} as JSON.
import { DuckDBInstance } from '@duckdb/node-api';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const input = JSON.parse(Buffer.concat(chunks).toString('utf8'));

const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
const connection = await instance.connect();
for (const statement of input.setup) await connection.run(statement);

const answers = {};
for (const query of input.queries) {
  try {
    await connection.run(`SET TimeZone = '${query.zone.replaceAll("'", "''")}'`);
    const reader = await connection.runAndReadAll(query.sql);
    answers[query.id] = reader.getRows().map((row) => String(row[0]));
  } catch (error) {
    answers[query.id] = { error: String(error.message ?? error) };
  }
}
process.stdout.write(JSON.stringify(answers));
