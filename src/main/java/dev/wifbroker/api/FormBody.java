package dev.wifbroker.api;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A decoded {@code application/x-www-form-urlencoded} body: each parameter name with the values sent for
 * it, in order. Read by {@link FormBodyReader}; endpoints decide what a repeated or unknown name means.
 */
public record FormBody(Map<String, List<String>> params) {
    public FormBody {
        params = Map.copyOf(params);
    }

    /** The first value of {@code name}, or null when absent. */
    public String first(String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    public boolean has(String name) {
        return params.containsKey(name);
    }

    public Set<String> names() {
        return params.keySet();
    }

    /** A parameter sent more than once, if any. */
    public Optional<String> repeated() {
        return params.entrySet().stream().filter(e -> e.getValue().size() > 1).map(Map.Entry::getKey).sorted().findFirst();
    }
}
