package dev.kintsugi.server.heal;

import dev.kintsugi.server.metrics.ServerMetrics.BudgetRow;
import dev.kintsugi.server.store.HealPolicy;
import dev.kintsugi.server.store.HealPolicyStore;
import dev.kintsugi.server.store.HealRunStore;
import dev.kintsugi.server.store.Project;
import dev.kintsugi.server.store.Store;
import java.util.ArrayList;
import java.util.List;

/** Every project's heal budgets and their use, read at each {@code /metrics} scrape. */
public final class HealBudgetGauges {

  private HealBudgetGauges() {}

  public static List<BudgetRow> read(Store store, HealPolicyStore policies, HealRunStore runs) {
    List<BudgetRow> rows = new ArrayList<>();
    for (Project project : store.projects()) {
      if (project.repo().isEmpty()) {
        continue; // heals nothing
      }
      HealPolicy p = policies.get(project.id());
      HealRunStore.Usage u = runs.usage(project.id());
      String id = Long.toString(project.id());
      rows.add(new BudgetRow(id, "heals_per_hour", p.healsPerHour(), u.lastHour()));
      rows.add(new BudgetRow(id, "concurrent", p.concurrentHeals(), u.inFlight()));
      rows.add(
          new BudgetRow(
              id,
              "new_fingerprint_heals_per_hour",
              p.newFingerprintHealsPerHour(),
              u.newLastHour()));
    }
    return rows;
  }
}
