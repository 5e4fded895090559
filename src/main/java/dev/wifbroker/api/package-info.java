/**
 * The main port's input edge, shared by the protocol adapters below it: the strict form reader
 * ({@link dev.wifbroker.api.FormBodyReader}), the declared-body cap, and the one mapping of framework
 * failures into each endpoint's own error format ({@link dev.wifbroker.api.ApiErrorMappers},
 * {@link dev.wifbroker.api.ErrorFormat}). Depends on the adapters' error types and {@code text}, never on
 * the exchange's stages.
 */
package dev.wifbroker.api;
