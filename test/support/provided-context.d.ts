// Values test/support/global-setup.ts hands to every test file through `inject()` from vitest.
// A declaration file on its own so the package test tsconfigs see the augmentation without
// compiling the global setup (and its Node-only imports) into each package.
/** The broker's secured listeners (`deploy/kafka/kafka.sh endpoints`). */
export interface KafkaSecureEndpoints {
  plaintext: string;
  /** SASL_PLAINTEXT: PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512 for username/password */
  sasl: string;
  /** SSL, certificate in caFile */
  tls: string;
  caFile: string;
  username: string;
  password: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    kafkaBrokers: string;
    kafkaSecure: KafkaSecureEndpoints;
  }
}
