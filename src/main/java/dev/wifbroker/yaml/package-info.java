/**
 * Strict, positioned YAML binding for policy files: {@link dev.wifbroker.yaml.YamlFile} parses,
 * {@link dev.wifbroker.yaml.YamlObject} binds field by field and reports unknown keys, and
 * {@link dev.wifbroker.yaml.Problems} collects every error of a file with its line and column.
 * Depends only on SnakeYAML.
 */
package dev.wifbroker.yaml;
