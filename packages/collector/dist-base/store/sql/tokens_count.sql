-- Stored API tokens; 0 at first start (auth/index.ts creates the initial tokens then).
SELECT count() AS n FROM {db}.api_tokens
