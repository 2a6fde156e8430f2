DROP VIEW IF EXISTS {db}.tx_pod_1h_mv;
DROP TABLE IF EXISTS {db}.tx_pod_1h;
