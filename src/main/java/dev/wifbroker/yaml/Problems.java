package dev.wifbroker.yaml;

import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/** Collects every problem of a file so an operator sees them all at once, not one per edit. */
public final class Problems {
    private final String file;
    private final List<Problem> list = new ArrayList<>();

    public Problems(String file) {
        this.file = file;
    }

    public String file() {
        return file;
    }

    public void error(Node at, String message) {
        add(at, Problem.Severity.ERROR, message);
    }

    public void warning(Node at, String message) {
        add(at, Problem.Severity.WARNING, message);
    }

    public void error(Mark at, String message) {
        list.add(new Problem(file, at == null ? 1 : at.getLine() + 1, at == null ? 1 : at.getColumn() + 1,
                Problem.Severity.ERROR, message));
    }

    private void add(Node at, Problem.Severity severity, String message) {
        Mark mark = at == null ? null : at.getStartMark();
        list.add(new Problem(file, mark == null ? 1 : mark.getLine() + 1, mark == null ? 1 : mark.getColumn() + 1,
                severity, message));
    }

    public boolean hasErrors() {
        return list.stream().anyMatch(Problem::isError);
    }

    public List<Problem> all() {
        return List.copyOf(list);
    }
}
