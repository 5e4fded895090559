/**
 * Service settings ({@code broker.*}) as {@code @ConfigMapping} interfaces. Policy files are not
 * configuration in this sense: they live in the trust-policy directory and are loaded by {@code policy}.
 */
package dev.wifbroker.config;
