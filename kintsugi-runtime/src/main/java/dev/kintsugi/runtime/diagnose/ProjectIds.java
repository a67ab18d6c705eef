package dev.kintsugi.runtime.diagnose;

import dev.kintsugi.server.store.Project;
import dev.kintsugi.server.store.Store;
import java.util.Optional;

/** Signals name their project by name; the server's tables by id. */
final class ProjectIds {
  private final Store store;

  ProjectIds(Store store) {
    this.store = store;
  }

  /** The id of the (first registered) project of that name. */
  Optional<Long> of(String name) {
    return store.projects().stream()
        .filter(p -> p.name().equals(name))
        .map(Project::id)
        .findFirst();
  }
}
