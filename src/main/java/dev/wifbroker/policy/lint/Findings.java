package dev.wifbroker.policy.lint;

import dev.wifbroker.policy.model.SourcePos;
import dev.wifbroker.yaml.Problem;
import java.util.ArrayList;
import java.util.List;

/** Collects lint findings as positioned problems whose message starts with the lint id. */
final class Findings {
    private final List<Problem> problems = new ArrayList<>();

    void error(String lint, SourcePos at, String message) {
        problems.add(at.error("[" + lint + "] " + message));
    }

    void warning(String lint, SourcePos at, String message) {
        problems.add(at.warning("[" + lint + "] " + message));
    }

    List<Problem> all() {
        return List.copyOf(problems);
    }
}
