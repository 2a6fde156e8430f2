import { useMemo } from 'react';
import uPlot from 'uplot';
import type { HpaChartData } from '../lib/hpa-series.js';
import { axis, PALETTE, timeAxisValues, UPlotChart } from './uplot-chart.js';

type Options = Omit<uPlot.Options, 'width' | 'height'>;

const stepped = uPlot.paths.stepped?.({ align: 1 });

/** Restart markers: a red vertical line at each termination, under the series. */
function markersPlugin(markers: HpaChartData['markers']): uPlot.Plugin {
  return {
    hooks: {
      drawAxes: (u: uPlot) => {
        const { ctx } = u;
        const { top, height } = u.bbox;
        ctx.save();
        ctx.strokeStyle = 'rgba(255,123,114,0.8)';
        ctx.lineWidth = Math.max(1, devicePixelRatio);
        ctx.setLineDash([3, 3]);
        for (const m of markers) {
          const x = Math.round(u.valToPos(m.tSec, 'x', true));
          ctx.beginPath();
          ctx.moveTo(x, top);
          ctx.lineTo(x, top + height);
          ctx.stroke();
        }
        ctx.restore();
      },
    },
  };
}

/**
 * The brief's `oc get hpa` watch as charts: replicas (current, desired) inside the HPA's
 * min/max band, the HPA metric against its target, and a dashed red line per restart.
 */
export function HpaCharts({ d, height = 180 }: { d: HpaChartData; height?: number }) {
  const xr = useMemo(() => (): [number, number] => [d.fromSec, d.toSec], [d.fromSec, d.toSec]);
  const replicaOptions = useMemo<Options>(
    () => ({
      legend: { show: true, live: true },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: { time: true, range: xr },
        y: { range: (_u, _min, max) => [0, Math.max(2, Math.ceil((max ?? 0) * 1.15))] },
      },
      axes: [axis({ values: timeAxisValues, space: 80 }), axis({ size: 36, incrs: [1, 2, 5, 10, 20, 50, 100] })],
      // the band between the HPA's max and min replicas
      bands: [{ series: [3, 4], fill: 'rgba(227,179,65,0.08)' }],
      series: [
        {},
        { label: 'current', stroke: PALETTE[0], width: 2, paths: stepped, points: { show: false } },
        { label: 'desired', stroke: PALETTE[1], width: 1.5, dash: [6, 3], paths: stepped, points: { show: false } },
        { label: 'max', stroke: PALETTE[6], width: 1, paths: stepped, points: { show: false } },
        { label: 'min', stroke: PALETTE[6], width: 1, paths: stepped, points: { show: false } },
      ],
      plugins: [markersPlugin(d.markers)],
    }),
    [xr, d.markers],
  );
  const metricOptions = useMemo<Options>(() => {
    const pct = d.metricType === 'Utilization';
    const fmt = (v: number | null) => (v === null ? '–' : pct ? `${v}%` : String(v));
    return {
      legend: { show: true, live: true },
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: { time: true, range: xr },
        y: { range: (_u, _min, max) => [0, Math.max(pct ? 100 : 1, (max ?? 0) * 1.15)] },
      },
      axes: [
        axis({ values: timeAxisValues, space: 80 }),
        axis({ size: 48, values: (_u, vals) => vals.map((v) => (pct ? `${v}%` : String(v))) }),
      ],
      series: [
        {},
        {
          label: d.metricName || 'metric',
          stroke: PALETTE[3],
          fill: 'rgba(240,136,62,0.10)',
          width: 1.5,
          paths: stepped,
          points: { show: false },
          value: (_u, v) => fmt(v),
        },
        {
          label: 'target',
          stroke: PALETTE[5],
          width: 1,
          dash: [4, 4],
          paths: stepped,
          points: { show: false },
          value: (_u, v) => fmt(v),
        },
      ],
      plugins: [markersPlugin(d.markers)],
    };
  }, [xr, d.markers, d.metricName, d.metricType]);
  const replicaData = useMemo<uPlot.AlignedData>(() => [d.t, d.current, d.desired, d.max, d.min], [d]);
  const metricData = useMemo<uPlot.AlignedData>(() => [d.t, d.metric, d.target], [d]);
  return (
    <div
      data-testid="hpa-charts"
      data-hpa={d.hpaName}
      data-hpa-points={d.hpaPoints}
      data-replica-points={d.replicaPoints}
      data-markers={d.markers.length}
    >
      <UPlotChart options={replicaOptions} data={replicaData} height={height} testId="hpa-replicas-chart" />
      {d.metricName && (
        <>
          <h3>
            {d.metricName} {d.metricType === 'Utilization' ? '%' : ''} vs target
          </h3>
          <UPlotChart
            options={metricOptions}
            data={metricData}
            height={Math.round(height * 0.8)}
            testId="hpa-metric-chart"
          />
        </>
      )}
    </div>
  );
}
