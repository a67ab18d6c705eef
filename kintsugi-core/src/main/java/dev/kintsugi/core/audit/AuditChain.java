package dev.kintsugi.core.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The hash chain of the audit trail. Each project's entries form a chain of their own (as do the
 * entries without a project), so one project's entries can be exported and verified alone.
 *
 * <p><b>Canonical form</b> (version 1) of an entry without its hash: a sequence of netstrings
 * {@code <length>:<bytes>,}, the length being the decimal count of the UTF-8 bytes, of, in this
 * order: {@code kintsugi-audit-v1}, seq, at as epoch milliseconds, project, incident, heal run
 * (decimal, or the empty string when absent), action, actor, the number of detail pairs, then each
 * detail key and value in the recorded order. The lengths make it unambiguous whatever the text
 * holds. <b>Hash</b>: lower-case hex of {@code SHA-256(ASCII(prevHash) || canonical)}; the first
 * entry of a chain has {@code prevHash} {@link #GENESIS}.
 *
 * <p><b>Verification</b> walks the entries in seq order and reports the first that is out of order
 * (reordered), whose hash does not match its content (edited), or whose {@code prevHash} is not the
 * hash of the previous entry of its chain (an entry deleted before it, or it was moved or
 * inserted); given the chains' recorded heads, also a chain that stops short of its head (its last
 * entries deleted). It detects changes made without recomputing the hashes that follow: whoever can
 * rewrite the whole trail and its heads can forge it, so keep a copy of the heads elsewhere (see
 * ARCHITECTURE.md, "Audit trail").
 */
public final class AuditChain {

  /** The {@code prevHash} of a chain's first entry: 64 zeros. */
  public static final String GENESIS = "0".repeat(64);

  private static final String VERSION = "kintsugi-audit-v1";

  private AuditChain() {}

  /** The next entry of a chain whose last hash is {@code prevHash}, hashed. */
  public static AuditEntry next(
      long seq,
      Instant at,
      Long project,
      Long incident,
      Long healRun,
      AuditRecord record,
      String prevHash) {
    AuditEntry unsealed =
        new AuditEntry(
            seq,
            at,
            project,
            incident,
            healRun,
            record.action(),
            record.actor(),
            record.detail(),
            prevHash,
            "");
    return new AuditEntry(
        seq,
        unsealed.at(),
        project,
        incident,
        healRun,
        record.action(),
        record.actor(),
        unsealed.detail(),
        prevHash,
        hash(unsealed));
  }

  /** The canonical bytes of {@code entry} without its hash (see the class comment). */
  public static byte[] canonical(AuditEntry entry) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    field(out, VERSION);
    field(out, Long.toString(entry.seq()));
    field(out, Long.toString(entry.at().toEpochMilli()));
    field(out, entry.project() == null ? "" : entry.project().toString());
    field(out, entry.incident() == null ? "" : entry.incident().toString());
    field(out, entry.healRun() == null ? "" : entry.healRun().toString());
    field(out, entry.action());
    field(out, entry.actor());
    field(out, Integer.toString(entry.detail().size()));
    for (Map.Entry<String, String> d : entry.detail().entrySet()) {
      field(out, d.getKey());
      field(out, d.getValue());
    }
    return out.toByteArray();
  }

  /** What {@code entry}'s hash must be: from its {@code prevHash} and its canonical form. */
  public static String hash(AuditEntry entry) {
    MessageDigest sha = sha256();
    sha.update(entry.prevHash().getBytes(StandardCharsets.UTF_8));
    sha.update(canonical(entry));
    return HexFormat.of().formatHex(sha.digest());
  }

  /** Verifies entries given in seq order, without recorded heads (a cut-off tail goes unseen). */
  public static AuditVerification verify(Iterable<AuditEntry> entries) {
    return verify(entries, List.of());
  }

  /**
   * Verifies entries given in seq order: each hash, each link to the previous entry of its chain,
   * and that every chain reaches its recorded head. Reads the entries once, keeping one hash per
   * chain, so it can walk a table page by page.
   */
  public static AuditVerification verify(
      Iterable<AuditEntry> entries, Collection<AuditHead> heads) {
    ChainWalk walk = new ChainWalk(heads);
    for (AuditEntry entry : entries) {
      if (!walk.accept(entry)) {
        break;
      }
    }
    return walk.result();
  }

  private static void field(ByteArrayOutputStream out, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    out.writeBytes(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
    out.write(':');
    out.writeBytes(bytes);
    out.write(',');
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
