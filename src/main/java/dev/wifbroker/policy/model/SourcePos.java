package dev.wifbroker.policy.model;

import dev.wifbroker.yaml.Problem;
import org.yaml.snakeyaml.nodes.Node;

/** Where a policy element was written, so traces and lint findings can point at file:line:column. */
public record SourcePos(String file, int line, int column) {

    public static SourcePos of(String file, Node node) {
        if (node == null || node.getStartMark() == null) {
            return new SourcePos(file, 1, 1);
        }
        return new SourcePos(file, node.getStartMark().getLine() + 1, node.getStartMark().getColumn() + 1);
    }

    public Problem error(String message) {
        return new Problem(file, line, column, Problem.Severity.ERROR, message);
    }

    public Problem warning(String message) {
        return new Problem(file, line, column, Problem.Severity.WARNING, message);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
