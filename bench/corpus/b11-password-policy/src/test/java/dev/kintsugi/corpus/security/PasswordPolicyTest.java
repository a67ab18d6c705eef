package dev.kintsugi.corpus.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PasswordPolicyTest {

    private final PasswordPolicy policy = new PasswordPolicy(8, 32);

    @ParameterizedTest
    @ValueSource(strings = {"Tr0ubadour", "Correct7Horse", "xY9abcdefg", "Zebra2Crossing"})
    void acceptsGoodPasswords(String password) {
        assertTrue(policy.isAcceptable(password), () -> password + ": " + policy.violations(password));
    }

    @ParameterizedTest
    @CsvSource({
        "Ab1, too short",
        "abcdefg1, needs an uppercase letter",
        "ABCDEFG1, needs a lowercase letter",
        "Abcdefgh, needs a digit",
        "Abcd efg1, must not contain whitespace",
        "MyPassword1, contains a common word",
        "Qwerty12345, contains a common word",
        "12345678, needs an uppercase letter",
        "12345678, needs a lowercase letter",
        "ABCDEFGHIJ, needs a digit",
        "abcdefghij, needs a digit"
    })
    void reportsViolation(String password, String expected) {
        assertTrue(policy.violations(password).contains(expected), () -> policy.violations(password).toString());
    }

    @Test
    void nullIsTooShort() {
        assertEquals(List.of("too short"), policy.violations(null));
    }

    @Test
    void tooLong() {
        assertTrue(policy.violations("Ab1" + "x".repeat(40)).contains("too long"));
    }

    @Test
    void multipleViolationsAreAllReported() {
        assertEquals(List.of("too short", "needs an uppercase letter", "needs a digit"), policy.violations("abc"));
    }

    @Test
    void commonWordIsCaseInsensitive() {
        assertFalse(policy.isAcceptable("LetMeIn2024x"));
    }

    @Test
    void invalidLimitsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new PasswordPolicy(10, 5));
    }
}
