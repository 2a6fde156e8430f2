import { describe, expect, it } from 'vitest';
import { topicReplication } from './index.js';

describe('topicReplication', () => {
  it('is 3 and 2 on a cluster of 3 or more brokers, 1 and 1 below', () => {
    expect(topicReplication({}, 1)).toEqual({ replicationFactor: 1, minInsync: 1 });
    expect(topicReplication({}, 2)).toEqual({ replicationFactor: 1, minInsync: 1 });
    expect(topicReplication({}, 3)).toEqual({ replicationFactor: 3, minInsync: 2 });
    expect(topicReplication({}, 5)).toEqual({ replicationFactor: 3, minInsync: 2 });
  });

  it('takes the configured values, min.insync.replicas defaulting to one less than the replication', () => {
    expect(topicReplication({ topicReplication: 2 }, 3)).toEqual({ replicationFactor: 2, minInsync: 1 });
    expect(topicReplication({ topicReplication: 5 }, 5)).toEqual({ replicationFactor: 5, minInsync: 2 });
    expect(topicReplication({ topicReplication: 1, topicMinInsync: 1 }, 3)).toEqual({
      replicationFactor: 1,
      minInsync: 1,
    });
    expect(topicReplication({ topicMinInsync: 3 }, 3)).toEqual({ replicationFactor: 3, minInsync: 3 });
  });

  it('refuses a min.insync.replicas above the replication factor', () => {
    expect(() => topicReplication({ topicMinInsync: 2 }, 1)).toThrow(/PODTRAIL_TOPIC_MIN_INSYNC \(2\) exceeds/);
  });
});
