package dev.wifbroker.exchange;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The attributes worth keeping in an audit event: who and where, never the whole claim set. */
final class AuditAttributes {
    private static final List<String> SELECTED = List.of(
            "repository", "repository_id", "ref", "environment", "event_name", "workflow_ref", "job_workflow_ref", "run_id",
            "project_path", "project_id", "pipeline_source", "pipeline_id", "namespace", "service_account", "pod");

    private AuditAttributes() {}

    static Map<String, Object> select(Map<String, Object> attributes) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String name : SELECTED) {
            Object v = attributes.get(name);
            if (v != null) {
                out.put(name, v);
            }
        }
        return out;
    }
}
