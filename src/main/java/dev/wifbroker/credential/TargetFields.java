package dev.wifbroker.credential;

import dev.wifbroker.credential.template.Template;
import dev.wifbroker.credential.template.TemplateCharset;
import dev.wifbroker.yaml.Problems;
import dev.wifbroker.yaml.YamlObject;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/** The field checks every kind's parser shares: a value of a given shape, a positive duration, a template. */
public final class TargetFields {
    private TargetFields() {}

    /** The required string {@code key}, reported when it does not match {@code shape}. */
    public static String checked(YamlObject o, String key, Pattern shape, String expected, Problems problems) {
        String value = o.string(key);
        if (value != null && !shape.matcher(value).matches()) {
            problems.error(o.raw(key).orElseThrow(), o.qualified(key) + " '" + value + "' must be " + expected);
        }
        return value;
    }

    /** {@code duration}, or {@code fallback} when absent; zero is reported. */
    public static Duration positive(YamlObject o, Duration fallback, Problems problems) {
        Optional<Duration> d = o.optDuration("duration");
        if (d.isPresent() && d.get().isZero()) {
            problems.error(o.raw("duration").orElseThrow(), o.qualified("duration") + " must be positive");
        }
        return d.orElse(fallback);
    }

    /** {@code text} as a template of {@code charset}; a syntax error is reported at {@code key}. */
    public static Optional<Template> template(YamlObject o, String key, String text, TemplateCharset charset,
            Problems problems) {
        try {
            return Optional.of(Template.parse(text, charset));
        } catch (IllegalArgumentException e) {
            problems.error(o.raw(key).orElse(o.node()), o.qualified(key) + ": " + e.getMessage());
            return Optional.empty();
        }
    }
}
