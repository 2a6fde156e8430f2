DROP TABLE IF EXISTS {db}.api_tokens;
