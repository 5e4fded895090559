package dev.wifbroker.keys;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A dev-mode live reload with in-memory keys says the keys were regenerated; the first start and file keys say nothing. */
class DevRestartNoticeTest {
    @Test
    void a_restart_with_memory_keys_says_tokens_issued_before_no_longer_verify() {
        assertThat(DevRestartNotice.notice(KeyRingConfig.StoreKind.MEMORY, 2)).get().asString()
                .contains("restarted", "signing keys were regenerated", "no longer verify", "broker.keys.store=file");
    }

    @Test
    void the_first_start_and_a_file_store_log_nothing() {
        assertThat(DevRestartNotice.notice(KeyRingConfig.StoreKind.MEMORY, 0)).isEmpty();
        assertThat(DevRestartNotice.notice(KeyRingConfig.StoreKind.FILE, 3)).isEmpty();
    }
}
