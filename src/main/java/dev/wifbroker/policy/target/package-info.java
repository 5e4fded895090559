/**
 * Credential targets of a role ({@code credentials.aws|gcp|azure|internal}) as validated records, the
 * sealed {@link dev.wifbroker.credential.CredentialTarget}, and claim {@link dev.wifbroker.credential.template.Template}s.
 * Pure values for the credential issuers to consume; must not depend on any cloud SDK or CDI bean.
 */
package dev.wifbroker.policy.target;

import dev.wifbroker.credential.CredentialTarget;
import dev.wifbroker.credential.template.Template;
