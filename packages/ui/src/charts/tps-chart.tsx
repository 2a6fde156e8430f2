import { useMemo } from 'react';
import type uPlot from 'uplot';
import { liveStore } from '../api/live-store.js';
import { formatTps } from '../lib/format.js';
import { useLive } from '../lib/hooks.js';
import { axis, PALETTE, timeAxisValues, UPlotChart } from './uplot-chart.js';

export interface TpsSeries {
  key: string;
  label: string;
}

/** Transactions per second per pod, the last few minutes, straight from the live ticks. */
export function TpsChart({
  series,
  seconds = 300,
  height = 180,
}: {
  series: TpsSeries[];
  seconds?: number;
  height?: number;
}) {
  const live = useLive();
  const keysSig = series.map((s) => `${s.key}=${s.label}`).join('|');
  // biome-ignore lint/correctness/useExhaustiveDependencies: rebuild when the set of pods changes
  const options = useMemo<Omit<uPlot.Options, 'width' | 'height'>>(
    () => ({
      legend: { show: series.length <= 16, live: true },
      cursor: { drag: { x: false, y: false }, points: { size: 5 } },
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
      axes: [axis({ values: timeAxisValues, space: 70 }), axis({ size: 44 })],
      series: [
        {},
        ...series.map((s, i) => ({
          label: s.label,
          stroke: PALETTE[i % PALETTE.length],
          width: 1.25,
          points: { show: false },
          value: (_u: uPlot, v: number | null) => (v === null ? '–' : formatTps(v)),
        })),
      ],
    }),
    [keysSig],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: new data each closed second (partial ticks do not change the drawn seconds)
  const data = useMemo<uPlot.AlignedData>(() => {
    const { t, values } = liveStore.series(
      series.map((s) => s.key),
      seconds,
    );
    // the newest second may still be filling: draw up to the last closed one
    return [t, ...values] as uPlot.AlignedData;
  }, [live.nowSec, keysSig, seconds]);
  if (live.nowSec === 0)
    return (
      <div className="empty" style={{ height }}>
        waiting for the live stream…
      </div>
    );
  return <UPlotChart options={options} data={data} height={height} testId="tps-chart" className="tps-chart" />;
}
