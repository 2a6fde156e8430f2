import type { LiveSubscription } from './hub.js';
export type ParsedClientMessage = {
    type: 'ping';
} | {
    type: 'subscribe';
    subscription: LiveSubscription;
}
/** `field`: the offending one, dotted (`filter.pod`), absent when the frame is not a JSON object */
 | {
    error: string;
    field?: string;
};
/** Parses a client message against the contract (`LiveClientMessage`); an error names the bad field. */
export declare function parseClientMessage(raw: string): ParsedClientMessage;
//# sourceMappingURL=client-message.d.ts.map