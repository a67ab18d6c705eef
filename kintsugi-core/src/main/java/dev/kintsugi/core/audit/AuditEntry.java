package dev.kintsugi.core.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of the audit trail as stored: an {@link AuditRecord} placed (when, which project,
 * incident and heal run) and chained to the entry before it by hash ({@link AuditChain}). Entries
 * read back from a file or a table are taken as they are, unchecked: {@link AuditChain#verify} says
 * whether they were changed.
 *
 * @param seq position in the trail, increasing (in a file 1, 2, 3, ...; in the server's table one
 *     sequence shared by every project's chain)
 * @param at when it was recorded, to the millisecond (finer parts are dropped: the hash covers
 *     milliseconds)
 * @param project the project it belongs to, or null (heals run from the command line); each
 *     project's entries form a chain of their own, as do the entries without one
 * @param incident the incident it is about, or null
 * @param healRun the heal run that acted, or null
 * @param detail in the order it was recorded
 * @param prevHash the hash of the previous entry of the same chain ({@link AuditChain#GENESIS} for
 *     the first)
 * @param hash {@code SHA-256(prevHash, canonical form of the rest)} as lower-case hex
 */
public record AuditEntry(
    long seq,
    Instant at,
    Long project,
    Long incident,
    Long healRun,
    String action,
    String actor,
    Map<String, String> detail,
    String prevHash,
    String hash) {

  public AuditEntry {
    at = Objects.requireNonNull(at, "at").truncatedTo(ChronoUnit.MILLIS);
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(prevHash, "prevHash");
    Objects.requireNonNull(hash, "hash");
    Map<String, String> copy = new LinkedHashMap<>();
    detail.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "detail key"), v == null ? "" : v));
    detail = Collections.unmodifiableMap(copy);
  }
}
