package dev.kintsugi.core.audit;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * One verification pass over entries in seq order, fed one entry at a time (so a reader can stop at
 * a line it cannot parse and still say how far the trail was intact). Keeps the last hash of each
 * chain and which recorded heads were reached.
 */
final class ChainWalk {

  private record Link(long seq, String hash) {}

  private final Map<Long, AuditHead> heads = new HashMap<>();
  private final Map<Long, Link> last = new HashMap<>();
  private final Set<Long> reached = new HashSet<>();
  private long previousSeq = Long.MIN_VALUE;
  private long intact;
  private AuditVerification failure;

  ChainWalk(Collection<AuditHead> recorded) {
    for (AuditHead head : recorded) {
      heads.put(head.project(), head);
    }
  }

  /** Checks the next entry; false once one is bad (the walk is over then). */
  boolean accept(AuditEntry entry) {
    if (failure != null) {
      return false;
    }
    String why = problem(entry);
    if (why != null) {
      failure = AuditVerification.bad(intact, entry.seq(), why);
      return false;
    }
    intact++;
    previousSeq = entry.seq();
    last.put(entry.project(), new Link(entry.seq(), entry.hash()));
    AuditHead head = heads.get(entry.project());
    if (head != null && head.seq() == entry.seq()) {
      reached.add(entry.project());
    }
    return true;
  }

  /** Stops the walk at something that is not an entry at all (a line that does not parse). */
  void unreadable(String why) {
    if (failure == null) {
      failure = AuditVerification.bad(intact, 0, why);
    }
  }

  AuditVerification result() {
    if (failure != null) {
      return failure;
    }
    for (AuditHead head : heads.values()) {
      if (!reached.contains(head.project())) {
        Link end = last.get(head.project());
        return AuditVerification.bad(
            intact,
            head.seq(),
            chainName(head.project())
                + (end == null
                    ? " has no entries, but its recorded head is seq "
                    : " ends at seq " + end.seq() + ", but its recorded head is seq ")
                + head.seq()
                + ": entries at its end were deleted");
      }
    }
    return AuditVerification.intact(intact);
  }

  private String problem(AuditEntry entry) {
    if (entry.seq() <= previousSeq) {
      return "seq "
          + entry.seq()
          + " comes after seq "
          + previousSeq
          + ": entries are out of order (moved or inserted)";
    }
    String computed = AuditChain.hash(entry);
    if (!computed.equals(entry.hash())) {
      return "edited: its hash "
          + shortHash(entry.hash())
          + " does not match its content (which hashes to "
          + shortHash(computed)
          + ")";
    }
    Link previous = last.get(entry.project());
    String expected = previous == null ? AuditChain.GENESIS : previous.hash();
    if (!expected.equals(entry.prevHash())) {
      return previous == null
          ? "it is the first entry of "
              + chainName(entry.project())
              + " but links to "
              + shortHash(entry.prevHash())
              + ", not to the genesis hash: the entries before it were deleted"
          : "it links to "
              + shortHash(entry.prevHash())
              + ", but the previous entry of "
              + chainName(entry.project())
              + " is seq "
              + previous.seq()
              + " with hash "
              + shortHash(previous.hash())
              + ": entries between them were deleted, or this one was moved";
    }
    AuditHead head = heads.get(entry.project());
    if (head != null && head.seq() == entry.seq() && !head.hash().equals(entry.hash())) {
      return "its hash "
          + shortHash(entry.hash())
          + " is not the recorded head's "
          + shortHash(head.hash())
          + ": the chain was rewritten from here or before";
    }
    return null;
  }

  static String chainName(Long project) {
    return project == null ? "the chain without a project" : "project " + project + "'s chain";
  }

  /** A hash for a message: shortened, and only ever hex (entries read back may hold anything). */
  private static String shortHash(String hash) {
    return hash.matches("[0-9a-f]{64}") ? hash.substring(0, 12) + "…" : "a malformed hash";
  }
}
