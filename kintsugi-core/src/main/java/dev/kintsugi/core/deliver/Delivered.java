package dev.kintsugi.core.deliver;

/**
 * Where a fix went.
 *
 * @param branch the branch holding the fix commit
 * @param commit the fix commit's id
 */
public record Delivered(String branch, String commit) {}
