import { ValueType } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import {
  AggregationTemporality,
  type CollectionResult,
  DataPointType,
  type HistogramMetricData,
  type MetricProducer,
} from '@opentelemetry/sdk-metrics';
import { METRICS, SEMCONV } from '@podtrail/contracts/semconv';

/** Same buckets as the HTTP instrumentation's `http.server.request.duration` (seconds). */
export const DURATION_BOUNDS_S = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

interface Cell {
  method: string;
  route: string;
  status: number;
  count: number;
  sum: number;
  min: number;
  max: number;
  buckets: number[];
}

/**
 * Per-route request count and duration histogram of incoming requests, fed from the transaction
 * spans as they end and exported as the standard `http.server.request.duration` histogram (delta).
 * One string-keyed map lookup per request: much cheaper than the SDK's generic attribute hashing,
 * which is why the HTTP instrumentation's own metrics are left off.
 */
export class RouteStats implements MetricProducer {
  private cells = new Map<string, Cell>();
  private windowStart: [number, number] = hrNow();
  /** routes beyond this many distinct keys per interval are folded into one, bounding memory */
  private readonly maxCells = 1000;

  constructor(
    private readonly resource: Resource,
    private readonly scope: { name: string; version: string },
  ) {}

  record(method: string, route: string, status: number, durationS: number): void {
    let key = `${method} ${status} ${route}`;
    let cell = this.cells.get(key);
    if (!cell) {
      if (this.cells.size >= this.maxCells) {
        route = '_OTHER';
        key = `${method} ${status} ${route}`;
        cell = this.cells.get(key);
      }
      if (!cell) {
        cell = {
          method,
          route,
          status,
          count: 0,
          sum: 0,
          min: Number.POSITIVE_INFINITY,
          max: 0,
          buckets: new Array<number>(DURATION_BOUNDS_S.length + 1).fill(0),
        };
        this.cells.set(key, cell);
      }
    }
    cell.count++;
    cell.sum += durationS;
    if (durationS < cell.min) cell.min = durationS;
    if (durationS > cell.max) cell.max = durationS;
    let i = 0;
    while (i < DURATION_BOUNDS_S.length && durationS > DURATION_BOUNDS_S[i]!) i++;
    cell.buckets[i]!++;
  }

  async collect(): Promise<CollectionResult> {
    const cells = this.cells;
    const startTime = this.windowStart;
    this.cells = new Map();
    this.windowStart = hrNow();
    const endTime = this.windowStart;
    const metric: HistogramMetricData = {
      descriptor: {
        name: METRICS.httpServerRequestDuration,
        description: 'Duration of HTTP server requests.',
        unit: 's',
        valueType: ValueType.DOUBLE,
      },
      aggregationTemporality: AggregationTemporality.DELTA,
      dataPointType: DataPointType.HISTOGRAM,
      dataPoints: [...cells.values()].map((c) => {
        const attributes: Record<string, string | number> = {
          [SEMCONV.httpRequestMethod]: c.method,
          [SEMCONV.httpResponseStatusCode]: c.status,
        };
        if (c.route) attributes[SEMCONV.httpRoute] = c.route;
        if (c.status >= 500) attributes[SEMCONV.errorType] = String(c.status);
        return {
          attributes,
          startTime,
          endTime,
          value: {
            buckets: { boundaries: DURATION_BOUNDS_S, counts: c.buckets },
            count: c.count,
            sum: c.sum,
            min: c.min,
            max: c.max,
          },
        };
      }),
    };
    return {
      resourceMetrics: {
        resource: this.resource,
        scopeMetrics: metric.dataPoints.length > 0 ? [{ scope: this.scope, metrics: [metric] }] : [],
      },
      errors: [],
    };
  }
}

function hrNow(): [number, number] {
  const ms = Date.now();
  return [Math.floor(ms / 1000), (ms % 1000) * 1e6];
}
