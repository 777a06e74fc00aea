// DuckDB on its own database file, for segment_bench.py's warm comparison:
// what someone inspecting segments all afternoon would do instead of
// journeyctl: load the files into DuckDB once, then query the database.
//   node duckdb_native.mjs build DATA_DIR DB_FILE   (not timed by the bench)
//   node duckdb_native.mjs query DB_FILE THREADS    prints "count N ms M"
// The query is lapsed_vip, as shared/bench/duckdb_segment.mjs runs it on
// the raw files, over the tables built here.
import { DuckDBInstance } from '@duckdb/node-api';

const [mode, a, b] = process.argv.slice(2);
if (mode === 'build') {
  const inst = await DuckDBInstance.create(b);
  const c = await inst.connect();
  await c.run(`CREATE OR REPLACE TABLE profiles AS SELECT * FROM read_csv('${a}/profiles.csv', header=true, auto_detect=true)`);
  await c.run(`CREATE OR REPLACE TABLE events AS SELECT customer_id, event, ts::TIMESTAMP AS ts, properties
    FROM read_json('${a}/events.jsonl', format='newline_delimited',
                   columns={customer_id:'VARCHAR', event:'VARCHAR', ts:'VARCHAR', properties:'JSON'})`);
  await c.run('CHECKPOINT');
  console.log('built', b);
} else if (mode === 'query') {
  const inst = await DuckDBInstance.create(a, { threads: b || '2', access_mode: 'READ_ONLY' });
  const c = await inst.connect();
  const t0 = Date.now();
  const r = await c.runAndReadAll(`
WITH agg AS (SELECT customer_id,
   count(*) FILTER (WHERE event='purchase' AND ts >= TIMESTAMP '2026-11-01' - INTERVAL 90 DAY) AS p90,
   count(*) FILTER (WHERE event='purchase' AND ts >= TIMESTAMP '2026-11-01' - INTERVAL 14 DAY) AS p14
   FROM events GROUP BY customer_id)
SELECT count(*) FROM profiles p JOIN agg USING (customer_id)
WHERE p.tier IN ('gold','platinum') AND p.country IN ('FR','DE','ES') AND p.email_opt_in AND p.age BETWEEN 25 AND 54
  AND agg.p90 >= 2 AND agg.p14 = 0`);
  console.log('count', r.getRows()[0][0].toString(), 'ms', Date.now() - t0);
} else {
  console.error('usage: duckdb_native.mjs build DATA_DIR DB_FILE | query DB_FILE THREADS');
  process.exit(2);
}
