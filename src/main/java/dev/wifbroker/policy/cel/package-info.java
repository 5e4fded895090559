/**
 * CEL {@code when:} expressions of trust rules, compiled and type-checked at policy load with CEL-Java.
 * Depends only on CEL-Java; knows nothing of roles or tokens beyond the attribute map.
 */
package dev.wifbroker.policy.cel;
