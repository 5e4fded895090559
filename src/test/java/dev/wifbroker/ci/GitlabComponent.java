package dev.wifbroker.ci;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * templates/credentials.yml as GitLab reads it: the {@code spec:} document, then the configuration, where
 * {@code $[[ inputs.NAME ]]} is replaced by the include's input or the spec's default (GitLab refuses a missing
 * required input; so does {@link #job}).
 */
record GitlabComponent(Map<String, Map<String, Object>> inputs, Map<String, Object> config) {
    static final Path TEMPLATE = CiJob.REPO.resolve("templates/credentials.yml");
    private static final Pattern INPUT = Pattern.compile("\\$\\[\\[ inputs\\.([a-z0-9-]+) ]]");

    @SuppressWarnings("unchecked")
    static GitlabComponent load() throws IOException {
        List<Object> docs = new ArrayList<>();
        new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(Files.readString(TEMPLATE)).forEach(docs::add);
        if (docs.size() != 2) {
            throw new AssertionError("a component is a spec document and a configuration document, got " + docs.size());
        }
        Map<String, Object> spec = (Map<String, Object>) ((Map<String, Object>) docs.get(0)).get("spec");
        return new GitlabComponent((Map<String, Map<String, Object>>) spec.get("inputs"), (Map<String, Object>) docs.get(1));
    }

    /** The hidden job after interpolation: its variables and its one before_script entry. */
    @SuppressWarnings("unchecked")
    Job job(Map<String, String> given) {
        for (String name : given.keySet()) {
            if (!inputs.containsKey(name)) {
                throw new AssertionError("the component has no input " + name);
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        inputs.forEach((name, spec) -> {
            String value = given.containsKey(name) ? given.get(name) : spec.containsKey("default") ? String.valueOf(spec.get("default")) : null;
            if (value == null) {
                throw new AssertionError("input " + name + " is required");
            }
            if (spec.containsKey("options") && !((List<Object>) spec.get("options")).contains(value)) {
                throw new AssertionError("input " + name + " must be one of " + spec.get("options"));
            }
            values.put(name, value);
        });
        Map.Entry<String, Object> only = config.entrySet().iterator().next();
        Map<String, Object> job = (Map<String, Object>) only.getValue();
        Map<String, String> variables = new LinkedHashMap<>();
        ((Map<String, Object>) job.get("variables")).forEach((k, v) -> variables.put(k, interpolate(String.valueOf(v), values)));
        List<String> beforeScript = (List<String>) job.get("before_script");
        return new Job(interpolate(only.getKey(), values), variables, beforeScript);
    }

    static String interpolate(String text, Map<String, String> values) {
        Matcher m = INPUT.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            if (!values.containsKey(m.group(1))) {
                throw new AssertionError("no input " + m.group(1));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(values.get(m.group(1))));
        }
        return m.appendTail(out).toString();
    }

    record Job(String name, Map<String, String> variables, List<String> beforeScript) {}
}
