export {};
//# sourceMappingURL=cluster-rows.js.map