// kafkajs 2.2.4 is patched (patches/kafkajs@2.2.4.patch): a consumer stopped while its fetch
// manager rebalances its fetchers (the leaders moved to other brokers, a batch still running) spun
// on microtasks forever - the collector's event loop blocked after a restart of its consumer in the
// broker-loss test. These drive kafkajs's own fetch manager (fake runner) and runner (fake group).
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

interface FetchManager {
  start(): Promise<void>;
  stop(): Promise<void>;
}
type CreateFetchManager = (o: {
  logger: unknown;
  getNodeIds: () => number[];
  fetch: (nodeId: number) => Promise<unknown[]>;
  handler: (batch: unknown) => Promise<void>;
  concurrency: number;
}) => FetchManager;

interface Runner {
  start(): Promise<void>;
  stop(): Promise<void>;
}
type RunnerClass = new (o: Record<string, unknown>) => Runner;

const require = createRequire(import.meta.url);
const createFetchManager = require('kafkajs/src/consumer/fetchManager.js') as CreateFetchManager;
const KafkaRunner = require('kafkajs/src/consumer/runner.js') as RunnerClass;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const logger = { ...quiet, namespace: () => logger };
/** fetches from a stopped runner past this count: the loop spins (breaks it, or the test would hang) */
const SPIN_LIMIT = 10_000;

describe('kafkajs fetch manager (patched)', () => {
  it('a stop during a rebalance of its fetchers ends start() once the running batch ends, without fetching again', async () => {
    let running = true; // the runner's flag: kafkajs answers [] at once when it is not running
    let nodeIds = [1, 2];
    let fetchedWhileStopped = 0;
    let releaseBatch: (err: Error) => void = () => {};
    let batchStarted: () => void = () => {};
    const started = new Promise<void>((r) => {
      batchStarted = r;
    });
    let delivered = false;
    const fm = createFetchManager({
      logger,
      getNodeIds: () => nodeIds,
      concurrency: 3,
      fetch: async (nodeId) => {
        if (!running) {
          if (++fetchedWhileStopped > SPIN_LIMIT) throw new Error('fetch loop spun on a stopped runner');
          return [];
        }
        await new Promise((r) => setTimeout(r, 5)); // the broker's fetch wait
        if (nodeId === 1 && !delivered) {
          delivered = true;
          return [{ topic: 't', partition: 0 }];
        }
        return [];
      },
      // the batch blocks (a commit to a dead coordinator) until the test ends it with an error
      handler: () =>
        new Promise<void>((_, reject) => {
          releaseBatch = reject;
          batchStarted();
        }),
    });
    const run = fm.start();
    await started;
    nodeIds = [1]; // broker 2 lost: node 2's fetcher finds the node set changed and rebalances
    await new Promise((r) => setTimeout(r, 50)); // its next fetch throws; start() waits for the batch
    running = false; // consumer.disconnect(): the runner stops, then its fetch manager
    await fm.stop();
    releaseBatch(new Error('offset commit not made'));
    await expect(run).resolves.toBeUndefined();
    expect(fetchedWhileStopped).toBe(0);
  });

  it("consumer.disconnect()'s runner.stop() during a rebalance of its fetchers resolves once the batch ends, and the runner does not fetch again", async () => {
    let nodeIds = [1, 2];
    let fetchedWhileStopped = 0;
    let left = false;
    let releaseBatch: (err: Error) => void = () => {};
    let batchStarted: () => void = () => {};
    const started = new Promise<void>((r) => {
      batchStarted = r;
    });
    let delivered = false;
    const runnerLogger = {
      ...quiet,
      // the runner logs this at debug on each fetch it answers [] because it stopped
      debug(msg: string) {
        if (msg === 'consumer not running, exiting' && ++fetchedWhileStopped > SPIN_LIMIT)
          throw new Error('fetch loop spun on a stopped runner');
      },
      namespace: () => runnerLogger,
    };
    const batch = {
      topic: 't',
      partition: 0,
      highWatermark: '1',
      messages: [{ offset: '0' }],
      isEmptyDueToFiltering: () => false,
      isEmpty: () => false,
      offsetLag: () => '0',
      offsetLagLow: () => '0',
      firstOffset: () => '0',
      lastOffset: () => '0',
    };
    const consumerGroup = {
      groupId: 'g',
      memberId: 'm',
      connect: async () => {},
      joinAndSync: async () => {},
      getNodeIds: () => nodeIds,
      fetch: async (nodeId: number) => {
        await sleep(5);
        if (nodeId === 1 && !delivered) {
          delivered = true;
          return [batch];
        }
        return [];
      },
      heartbeat: async () => {},
      leave: async () => {
        left = true;
      },
      resolveOffset: () => {},
      hasSeekOffset: () => false,
      commitOffsets: async () => {},
    };
    const runner = new KafkaRunner({
      logger: runnerLogger,
      consumerGroup,
      instrumentationEmitter: { emit() {} },
      eachBatchAutoResolve: false,
      concurrency: 3,
      autoCommit: false,
      retry: { initialRetryTime: 10, retries: 2 },
      onCrash: () => {},
      eachBatch: () =>
        new Promise<void>((_, reject) => {
          releaseBatch = reject;
          batchStarted();
        }),
    });
    await runner.start();
    await started;
    nodeIds = [1];
    await sleep(50);
    const stopped = runner.stop();
    await sleep(20);
    expect(left).toBe(false); // the batch still runs
    releaseBatch(new Error('offset commit not made'));
    await stopped;
    expect(left).toBe(true);
    expect(fetchedWhileStopped).toBe(0);
  });
});
