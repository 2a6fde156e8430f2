// The app under test: a tiny node:http JSON endpoint, identical in all three variants.
const http = require('node:http');

const body = JSON.stringify({ ok: true, service: 'bench' });
// BENCH_LOGS: one log line per request, as a service that logs its requests would
const logEach = process.env.APP_LOG_PER_REQUEST === '1';
let n = 0;
const server = http.createServer((req, res) => {
  if (logEach) console.log(`request ${++n} ${req.method} ${req.url} 200`);
  res.setHeader('content-type', 'application/json');
  res.end(body);
});
server.keepAliveTimeout = 10_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`);
});
