package dev.wifbroker.yaml;

/** One finding in a policy file, printed as {@code file:line:column: severity: message}. */
public record Problem(String file, int line, int column, Severity severity, String message) {

    public enum Severity {
        ERROR,
        WARNING
    }

    public static Problem error(String file, int line, int column, String message) {
        return new Problem(file, line, column, Severity.ERROR, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + severity.name().toLowerCase() + ": " + message;
    }
}
