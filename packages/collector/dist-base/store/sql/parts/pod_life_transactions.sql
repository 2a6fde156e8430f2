-- Transactions of one pod (s, ns, p) started in its lifetime [fromMs, toMs] (pod post-mortem).
ServiceName = {s:String} AND PodName = {p:String} AND Namespace = {ns:String} AND IsTransaction
AND Timestamp >= fromUnixTimestamp64Milli({fromMs:Int64}) AND Timestamp <= fromUnixTimestamp64Milli({toMs:Int64})
