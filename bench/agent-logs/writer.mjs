// The app under test of `pnpm bench agent-logs`: writes LINES console.log lines (stdout is /dev/null),
// 1000 per event-loop turn, waits for the agent's log flush, and reports its own CPU time per line.
const N = Number(process.env.LINES ?? 200_000);
const cpu0 = process.cpuUsage();
const t0 = performance.now();
let i = 0;
// WRITE_MODE=chunks: a flood, 64 KiB process.stdout.write calls of 640 100-byte lines each
const chunks = process.env.WRITE_MODE === 'chunks';
const floodLine = (n) => `fl00d ${String(n).padStart(9, '0')} ${'x'.repeat(80)}\n`;
function burst() {
  if (chunks)
    for (let k = 0; k < 10 && i < N; k++) {
      let chunk = '';
      for (let j = 0; j < 640; j++) chunk += floodLine(i++);
      process.stdout.write(chunk);
    }
  else
    for (let k = 0; k < 1000 && i < N; k++, i++) console.log(`request ${i} GET /api/items/${i % 100} 200 ${i % 37} ms`);
  if (i < N) setImmediate(burst);
  // past the default flush interval, so the shipping of the last batch is inside the measurement
  else
    setTimeout(() => {
      const c = process.cpuUsage(cpu0);
      process.stderr.write(
        `RESULT ${JSON.stringify({ us_per_line: (c.user + c.system) / N, wall_ms: performance.now() - t0 })}\n`,
      );
      process.exit(0);
    }, 1500);
}
burst();
