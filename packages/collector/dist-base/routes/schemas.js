import { ErrorResponse } from '@podtrail/contracts/api';
/** Error bodies every route may answer with (documented in the OpenAPI output). */
export const errorResponses = { '4xx': ErrorResponse, '5xx': ErrorResponse };
//# sourceMappingURL=schemas.js.map