package dev.wifbroker.exchange;

import dev.wifbroker.credential.IssuedCredential;

/** A successful exchange: the credential and the decision id its audit event carries. */
public record ExchangeResult(String decisionId, String role, IssuedCredential credential) {}
