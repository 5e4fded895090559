/**
 * CEL {@code when:} expressions of trust rules, compiled and type-checked at policy load with CEL-Java, with
 * their length, nesting, worst-case steps ({@code ExpressionCost}) and the size of the data they build and handle
 * ({@code DataCost}) bounded at load, and their iterations bounded per evaluation.
 * Depends only on CEL-Java and {@code policy.match} (for bounded regexes); knows nothing of roles or tokens
 * beyond the attribute map.
 */
package dev.wifbroker.policy.cel;
