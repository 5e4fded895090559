/**
 * The RFC 8693 token-exchange endpoint ({@code POST /v1/token}): parses the form into an
 * {@link dev.wifbroker.exchange.ExchangeRequest} and renders the result or an RFC 6749 error. No logic
 * of its own beyond the wire format. {@link dev.wifbroker.api.oauth.GoogleExternalAccount} covers the
 * endpoint's use as a Google {@code external_account} {@code token_url}.
 */
package dev.wifbroker.api.oauth;
