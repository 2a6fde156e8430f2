-- GET /velocity: exact Apdex per pod from the raw transactions that ended in [fromSec, toSec),
-- against each service's threshold T (ns; read-time setting: tServices -> tValuesNs, else
-- defaultTNs). Spans are sorted by start time: a transaction that ended in the window started at
-- most the longest duration seen in the window before it (startSec).
SELECT ns, p,
       {rule:apdex_counts(DurationNs, t, err)}
FROM (
  SELECT Namespace AS ns, PodName AS p, DurationNs,
         transform(ServiceName, {tServices:Array(String)}, {tValuesNs:Array(UInt64)}, {defaultTNs:UInt64}) AS t,
         {rule:failed_transaction} AS err
  FROM {db}.spans
  WHERE IsTransaction
    AND Timestamp >= toDateTime64({startSec:UInt32}, 9) AND Timestamp < toDateTime64({toSec:UInt32}, 9)
    AND {rule:end_second} >= toDateTime({fromSec:UInt32}) AND {rule:end_second} < toDateTime({toSec:UInt32})
    AND {where}
)
GROUP BY ns, p
