package dev.kintsugi.heal.deliver;

/**
 * Where a fix was delivered.
 *
 * @param branch the new branch, e.g. {@code kintsugi/fix-1a2b3c4d}
 * @param commit full SHA of the fix commit
 */
public record Delivery(String branch, String commit) {}
