/**
 * The exchange use case: {@link dev.wifbroker.exchange.TokenExchange} sequences verify → decide →
 * guard → mint → audit. Protocol adapters in {@code api} call it with an
 * {@link dev.wifbroker.exchange.ExchangeRequest}; nothing outside {@code api} depends on it.
 */
package dev.wifbroker.exchange;
