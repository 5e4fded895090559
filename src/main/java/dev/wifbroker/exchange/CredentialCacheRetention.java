package dev.wifbroker.exchange;

import dev.wifbroker.credential.CredentialCache;
import dev.wifbroker.policy.PolicySet;
import dev.wifbroker.policy.runtime.PolicySetActivated;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Keeps cached cloud credentials in step with the policy: when a new set comes into force, an entry
 * survives only if that set still has its role with the same target definition and its issuer at the
 * same URL. A changed {@code roleArn} (or service account, client id, session policy...) or a removed role
 * drops the role's entries at once, instead of serving the old role's session until it expires.
 * Entries are keyed by the full target as well, so even a request decided just before the swap can never
 * be answered from an entry of another definition.
 */
@ApplicationScoped
public class CredentialCacheRetention {
    private static final Logger LOG = Logger.getLogger(CredentialCacheRetention.class);

    private final CredentialCache cache;

    public CredentialCacheRetention(CredentialCache cache) {
        this.cache = cache;
    }

    void onActivated(@Observes PolicySetActivated event) {
        PolicySet set = event.current();
        int dropped = cache.retainIf(key -> stillProduced(key, set));
        if (dropped > 0) {
            LOG.infof("policy version %s: dropped %d cached cloud credentials whose role, target or issuer changed",
                    set.version(), dropped);
        }
    }

    /** Whether {@code set} would mint the credential cached under {@code key} the same way. */
    static boolean stillProduced(CredentialCache.Key key, PolicySet set) {
        return set.issuerUrl(key.issuer()).filter(key.issuerUrl()::equals).isPresent()
                && set.role(key.role()).map(r -> r.credentials().all().contains(key.target())).orElse(false);
    }
}
