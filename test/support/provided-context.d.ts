// Values test/support/global-setup.ts hands to every test file through `inject()` from vitest.
// A declaration file on its own so the package test tsconfigs see the augmentation without
// compiling the global setup (and its Node-only imports) into each package.
export {};

declare module 'vitest' {
  export interface ProvidedContext {
    kafkaBrokers: string;
  }
}
