package dev.kintsugi.core.repair;

import java.util.List;

/** Proposes candidate patches for a diagnosis. Implementations must not write to the workspace. */
public interface Repairer {

  /** Short name used in reports, e.g. {@code template}. */
  String name();

  /** Candidates for this round, best first; may be empty, never null. */
  List<Candidate> propose(RepairRequest request);
}
