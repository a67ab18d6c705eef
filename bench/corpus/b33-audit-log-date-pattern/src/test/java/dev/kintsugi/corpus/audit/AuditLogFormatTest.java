package dev.kintsugi.corpus.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class AuditLogFormatTest {

    private final AuditLogFormat format = new AuditLogFormat();

    @Test
    void formatsEntry() {
        AuditEntry entry = new AuditEntry(LocalDateTime.of(2024, 3, 5, 14, 7), "alice", "LOGIN");
        assertEquals("2024-03-05 14:07 | alice | LOGIN", format.format(entry));
    }

    @Test
    void parsesEntry() {
        AuditEntry entry = format.parse("2023-11-30 09:45 | bob | DELETE invoice 42");
        assertEquals(LocalDateTime.of(2023, 11, 30, 9, 45), entry.timestamp());
        assertEquals("DELETE invoice 42", entry.action());
    }

    @Test
    void rejectsLinesWithoutThreeFields() {
        assertThrows(IllegalArgumentException.class, () -> format.parse("2024-03-05 14:07 | alice"));
    }

    @Test
    void shortSession() {
        assertEquals("42m", format.sessionLength(Duration.ofMinutes(42)));
    }

    @Test
    void longSession() {
        assertEquals("1h 05m", format.sessionLength(Duration.ofMinutes(65)));
        assertEquals("12h 00m", format.sessionLength(Duration.ofHours(12)));
    }

    @Test
    void entriesAreValues() {
        LocalDateTime now = LocalDateTime.of(2024, 1, 1, 0, 0);
        assertEquals(new AuditEntry(now, "a", "b"), new AuditEntry(now, "a", "b"));
    }
}
