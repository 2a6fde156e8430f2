// The app under test: a tiny node:http JSON endpoint, identical in all three variants.
const http = require('node:http');

const body = JSON.stringify({ ok: true, service: 'bench' });
const server = http.createServer((_req, res) => {
  res.setHeader('content-type', 'application/json');
  res.end(body);
});
server.keepAliveTimeout = 10_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`);
});
