package dev.kintsugi.learn;

import dev.kintsugi.learn.pattern.EditPattern;

/**
 * An edit the memory learned from its fixes.
 *
 * @param pattern the abstracted edit
 * @param count how many successful fixes made it
 * @param origin where it was last learned: the failing test it fixed and when
 */
public record LearnedPattern(EditPattern pattern, int count, String origin) {}
