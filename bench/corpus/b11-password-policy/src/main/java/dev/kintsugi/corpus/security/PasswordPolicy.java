package dev.kintsugi.corpus.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Checks new passwords against the account password rules. */
public class PasswordPolicy {

    private static final Set<String> COMMON = Set.of("password", "letmein", "qwerty", "welcome", "dragon");

    private final int minLength;
    private final int maxLength;

    public PasswordPolicy(int minLength, int maxLength) {
        if (minLength < 1 || maxLength < minLength) {
            throw new IllegalArgumentException("bad length limits");
        }
        this.minLength = minLength;
        this.maxLength = maxLength;
    }

    public List<String> violations(String password) {
        List<String> problems = new ArrayList<>();
        if (password == null || password.length() < minLength) {
            problems.add("too short");
            if (password == null) {
                return problems;
            }
        }
        if (password.length() > maxLength) {
            problems.add("too long");
        }
        if (password.chars().noneMatch(Character::isUpperCase)) {
            problems.add("needs an uppercase letter");
        }
        if (password.chars().noneMatch(Character::isLowerCase)) {
            problems.add("needs a lowercase letter");
        }
        if (!password.chars().allMatch(Character::isDigit)) {
            problems.add("needs a digit");
        }
        if (password.chars().anyMatch(Character::isWhitespace)) {
            problems.add("must not contain whitespace");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        for (String word : COMMON) {
            if (lower.contains(word)) {
                problems.add("contains a common word");
                break;
            }
        }
        return problems;
    }

    public boolean isAcceptable(String password) {
        return violations(password).isEmpty();
    }
}
