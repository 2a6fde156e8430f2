-- Every stored API token (auth/tokens.ts; only sha256 hashes are stored).
SELECT TokenHash, Role, Name, toUnixTimestamp64Milli(CreatedAt) AS CreatedAt,
       toUnixTimestamp64Milli(ExpiresAt) AS ExpiresAt, Revoked
FROM {db}.api_tokens FINAL
