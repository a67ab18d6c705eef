package dev.kintsugi.core.audit;

import java.util.Objects;

/**
 * The last entry a chain is known to have reached, recorded apart from the entries (the server's
 * {@code audit_head} table, the {@code .head} file beside a JSON-lines trail): a chain whose tail
 * was cut off no longer reaches its head, which {@link AuditChain#verify(Iterable,
 * java.util.Collection)} reports. A lower bound: entries after it are allowed (appended while the
 * trail was read).
 *
 * @param project the chain's project, or null for the chain of entries without one
 */
public record AuditHead(Long project, long seq, String hash) {
  public AuditHead {
    Objects.requireNonNull(hash, "hash");
  }
}
