/**
 * The RFC 8693 token-exchange endpoint ({@code POST /v1/token}): parses the form into an
 * {@link dev.wifbroker.exchange.ExchangeRequest} and renders the result or an RFC 6749 error. No logic
 * of its own beyond the wire format.
 */
package dev.wifbroker.api.oauth;
