/** The kafkajs client options for the configured TLS and SASL (none: plaintext). */
export function kafkaClientSecurity(security) {
    const out = {};
    if (security?.tls) {
        out.ssl = {
            rejectUnauthorized: security.tls.rejectUnauthorized,
            ...(security.tls.ca ? { ca: [security.tls.ca] } : {}),
        };
    }
    if (security?.sasl) {
        const { mechanism, username, password } = security.sasl;
        // kafkajs types each mechanism separately; the three share one shape
        out.sasl =
            mechanism === 'plain'
                ? { mechanism, username, password }
                : mechanism === 'scram-sha-256'
                    ? { mechanism, username, password }
                    : { mechanism, username, password };
    }
    return out;
}
//# sourceMappingURL=client-security.js.map