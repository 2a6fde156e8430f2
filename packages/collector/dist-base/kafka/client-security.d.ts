import type { KafkaSecurity } from '@podtrail/contracts/kafka-security';
import type { KafkaConfig } from 'kafkajs';
/** The kafkajs client options for the configured TLS and SASL (none: plaintext). */
export declare function kafkaClientSecurity(security: KafkaSecurity | undefined): Pick<KafkaConfig, 'ssl' | 'sasl'>;
//# sourceMappingURL=client-security.d.ts.map