package dev.kintsugi.corpus.audit;

import java.time.LocalDateTime;

public record AuditEntry(LocalDateTime timestamp, String user, String action) {
}
