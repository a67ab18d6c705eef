package dev.kintsugi.runtime.diagnose;

import dev.kintsugi.server.store.Incident;
import dev.kintsugi.server.store.RecentChanges.ReleaseSeen;
import java.time.Instant;
import java.util.List;

/**
 * What changed in a project around a moment: releases its events named for the first time, error
 * incidents that started. {@link StoredChanges} reads them from the server's database.
 */
public interface ChangeHistory {

  /** Releases first seen in [{@code from}, {@code to}], earliest first. */
  List<ReleaseSeen> releasesFirstSeen(String project, Instant from, Instant to);

  /** Error incidents first seen in [{@code from}, {@code to}], earliest first. */
  List<Incident> incidentsStarted(String project, Instant from, Instant to);
}
