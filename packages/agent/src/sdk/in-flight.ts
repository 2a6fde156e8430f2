/** A server span still running: what the crash and stop events report as in flight. */
export interface InFlightTransaction {
  traceId: string;
  spanId: string;
  method: string | undefined;
  route: string | undefined;
  url: string | undefined;
  startedAtMs: number;
}
