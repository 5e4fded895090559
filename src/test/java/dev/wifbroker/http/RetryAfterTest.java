package dev.wifbroker.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryAfterTest {
    static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");

    static String httpDate(Instant at) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(at.atOffset(ZoneOffset.UTC));
    }

    @ParameterizedTest(name = "Retry-After ''{0}'' -> {1} s")
    @CsvSource(delimiter = '|', value = {
            "7 | 7",
            "' 12 ' | 12",
            "120 | 120",
            "0 | -1",
            "-5 | -1",
            "soon | -1",
            "'' | -1",
            "1.5 | -1",
            "999999999999 | 31536000"})
    void delay_seconds_are_read_and_anything_else_is_no_hint(String header, long seconds) {
        Optional<Duration> parsed = RetryAfter.parse(header, NOW);
        assertThat(parsed).isEqualTo(seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds)));
    }

    @ParameterizedTest(name = "HTTP-date {0} s from now -> {1} s")
    @CsvSource({"30, 30", "1, 1", "0, -1", "-60, -1", "86400, 86400"})
    void an_http_date_becomes_the_seconds_until_it_and_a_past_date_is_no_hint(long offset, long seconds) {
        Optional<Duration> parsed = RetryAfter.parse(httpDate(NOW.plusSeconds(offset)), NOW);
        assertThat(parsed).isEqualTo(seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"Fri, 01 May 2026 12:00:45 GMT | 45", "Fri, 1 May 2026 12:01:00 GMT | 60"})
    void the_imf_fixdate_servers_send_is_read(String header, long seconds) {
        assertThat(RetryAfter.parse(header, NOW)).contains(Duration.ofSeconds(seconds));
    }

    @ParameterizedTest(name = "wait {0} ms -> Retry-After {1}")
    @CsvSource({"7000, 7", "1, 1", "999, 1", "1000, 1", "1001, 2", "4500, 5", "0, 1", "-20, 1"})
    void a_wait_is_written_in_whole_seconds_rounded_up_and_never_zero(long millis, long seconds) {
        assertThat(RetryAfter.seconds(Duration.ofMillis(millis))).isEqualTo(seconds);
    }

    @Test
    void an_http_date_a_fraction_of_a_second_away_waits_the_whole_second() {
        Instant now = NOW.minusMillis(250);
        assertThat(RetryAfter.parse(httpDate(NOW.plusSeconds(2)), now)).contains(Duration.ofSeconds(3));
    }
}
