package dev.wifbroker.exchange;

import dev.wifbroker.identity.IdentityView;
import dev.wifbroker.policy.PolicyDecision;

/**
 * What the policy engine saw and answered when it denied an exchange: the audit event's in-memory
 * {@code evaluation}, from which {@code GET /admin/v1/decisions} renders the failing trace and near-miss hints.
 * Nothing is computed for it on the request path: both values already exist.
 */
public record PolicyDenial(IdentityView identity, PolicyDecision.Denied decision) {}
