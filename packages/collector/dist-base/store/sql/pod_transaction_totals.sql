-- Pod post-mortem: transactions and failures in its lifetime, from the per-second aggregates.
SELECT sum(Count) AS c, sum(Errors) AS e
FROM {db}.tx_1s
WHERE ServiceName = {s:String} AND PodName = {p:String} AND Namespace = {ns:String}
  AND Ts >= toDateTime(intDiv({fromMs:Int64}, 1000)) AND Ts <= toDateTime(intDiv({toMs:Int64}, 1000))
