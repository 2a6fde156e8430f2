// Preloaded into the app under test: prints V8's heap spaces and RSS every BENCH_SAMPLE_MS as one JSON line.
const v8 = require('node:v8');
const mb = (x) => Math.round((x / 1048576) * 10) / 10;
const t0 = Date.now();
setInterval(
  () => {
    const u = process.memoryUsage();
    const s = Object.fromEntries(v8.getHeapSpaceStatistics().map((x) => [x.space_name, x]));
    const sample = {
      t: Math.round((Date.now() - t0) / 1000),
      rss: mb(u.rss),
      new_size: mb(s.new_space.space_size),
      old_used: mb(s.old_space.space_used_size),
      old_physical: mb(s.old_space.physical_space_size),
      code: mb(s.code_space.physical_space_size),
      external: mb(u.external),
    };
    process.stderr.write(`heap-sample ${JSON.stringify(sample)}\n`);
  },
  Number(process.env.BENCH_SAMPLE_MS ?? 10_000),
).unref();
