/**
 * The main port's edge, shared by the protocol adapters below it: the strict form reader
 * ({@link dev.wifbroker.api.FormBodyReader}), the declared-body cap, the caller's address
 * ({@link dev.wifbroker.api.ClientAddress}), what every error answer carries whatever its wire shape
 * ({@link dev.wifbroker.api.ErrorResponses}: status, {@code no-store}, {@code Retry-After}), and the one mapping
 * of framework failures into each endpoint's own error format ({@link dev.wifbroker.api.ApiErrorMappers},
 * {@link dev.wifbroker.api.ErrorFormat}). Depends on the adapters' error types, {@code reason}, {@code http}
 * and {@code text}, never on the exchange's stages.
 */
package dev.wifbroker.api;
