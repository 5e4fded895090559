/**
 * Command-line tools shipped in the broker artifact: {@link dev.wifbroker.cli.PolicyCli} ({@code policy lint|test|explain}).
 * Plain static entry points taking argument arrays and streams, so the Quarkus main can delegate to them and
 * unit tests can run them without a process. Depends on {@code dev.wifbroker.policy}; nothing depends on it.
 */
package dev.wifbroker.cli;
