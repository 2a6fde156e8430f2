/** Error bodies every route may answer with (documented in the OpenAPI output). */
export declare const errorResponses: {
    readonly '4xx': import("@sinclair/typebox").TObject<{
        statusCode: import("@sinclair/typebox").TInteger;
        code: import("@sinclair/typebox").TString;
        error: import("@sinclair/typebox").TString;
        message: import("@sinclair/typebox").TString;
        field: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
    }>;
    readonly '5xx': import("@sinclair/typebox").TObject<{
        statusCode: import("@sinclair/typebox").TInteger;
        code: import("@sinclair/typebox").TString;
        error: import("@sinclair/typebox").TString;
        message: import("@sinclair/typebox").TString;
        field: import("@sinclair/typebox").TOptional<import("@sinclair/typebox").TString>;
    }>;
};
//# sourceMappingURL=schemas.d.ts.map