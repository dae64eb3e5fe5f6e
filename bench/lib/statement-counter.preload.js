// Loaded with `node -r` into an app by `npm run bench -- bot --count-statements`: counts the SQL
// statements the app sends to Postgres (pg's Client#query, typeorm's included), by their first
// words, and writes them as JSON to BENCH_STATEMENTS_FILE when the process exits. A measuring aid:
// the product never loads it.
'use strict';
const { writeFileSync } = require('node:fs');

const counts = new Map();
const pg = require(require.resolve('pg', { paths: [process.cwd()] }));
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function countedQuery(config, ...rest) {
  const text = typeof config === 'string' ? config : config && config.text;
  const key = String(text).replace(/\s+/g, ' ').trim().slice(0, 60);
  counts.set(key, (counts.get(key) || 0) + 1);
  return query.call(this, config, ...rest);
};
process.on('exit', () => {
  writeFileSync(process.env.BENCH_STATEMENTS_FILE, JSON.stringify(Object.fromEntries(counts)));
});
