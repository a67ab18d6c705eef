package dev.kintsugi.corpus.audit;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/** Reads and writes the line format of the audit log: "2024-03-05 14:07 | alice | LOGIN". */
public class AuditLogFormat {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-mm-dd HH:mm");
    private static final String SEPARATOR = " | ";

    public String format(AuditEntry entry) {
        return TIMESTAMP.format(entry.timestamp()) + SEPARATOR + entry.user() + SEPARATOR + entry.action();
    }

    public AuditEntry parse(String line) {
        String[] parts = line.split(" \\| ");
        if (parts.length != 3) {
            throw new IllegalArgumentException("not an audit line: " + line);
        }
        return new AuditEntry(LocalDateTime.parse(parts[0].trim(), TIMESTAMP), parts[1].trim(), parts[2].trim());
    }

    /** "1h 05m" style session length for the admin dashboard. */
    public String sessionLength(Duration duration) {
        long minutes = duration.toMinutes();
        if (minutes < 60) {
            return minutes + "m";
        }
        return String.format("%dh %02dm", minutes / 60, minutes % 60);
    }
}
