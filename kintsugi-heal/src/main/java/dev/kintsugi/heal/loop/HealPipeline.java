package dev.kintsugi.heal.loop;

import dev.kintsugi.core.deliver.Deliverer;
import dev.kintsugi.core.diagnose.Localizer;
import dev.kintsugi.core.learn.Learner;
import dev.kintsugi.core.policy.Policy;
import dev.kintsugi.core.repair.Repairer;
import dev.kintsugi.core.reproduce.Reproducer;
import dev.kintsugi.heal.deliver.BranchDelivery;
import dev.kintsugi.heal.localize.SpectrumLocalizer;
import dev.kintsugi.java.repair.TemplateRepairer;
import dev.kintsugi.learn.FixMemory;
import dev.kintsugi.learn.MemoryRepairer;
import dev.kintsugi.learn.PatternRepairer;
import dev.kintsugi.llm.LlmRepairer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The stages of one heal, assembled from its options by {@link #assemble}: reproduce → localize →
 * propose (the repairers) → gate ({@link dev.kintsugi.heal.validate.GateChain}) → confirm → deliver
 * → learn. The heal loop only orders them, runs the rounds and spends the time budget.
 *
 * @param reproducer writes a test of the production error, when healing one
 * @param localizer ranks suspicious lines
 * @param repairers propose candidates each round, in this order (then tried by score)
 * @param llm the model repairer among {@code repairers}, for the report's usage part
 * @param deliverer delivers a confirmed fix
 * @param learner the learn stage (the fix memory): remembers delivered fixes; absent when the
 *     memory is disabled or unusable
 */
record HealPipeline(
    Optional<Reproducer> reproducer,
    Localizer localizer,
    List<Repairer> repairers,
    Optional<LlmRepairer> llm,
    Deliverer deliverer,
    Optional<Learner> learner) {

  /**
   * Learned edit patterns are proposed unless {@code -Dkintsugi.learnedPatterns=false}: the switch
   * for measuring what they add (bench/corpus), not a user setting.
   */
  static final boolean LEARNED_PATTERNS =
      !"false".equals(System.getProperty("kintsugi.learnedPatterns"));

  HealPipeline {
    repairers = List.copyOf(repairers);
  }

  /** One heal's pipeline. Repairers keep per-heal state (model usage), so each heal assembles. */
  static HealPipeline assemble(HealOptions options, Clock clock, Consumer<String> warn) {
    Optional<FixMemory> memory = openMemory(options.memoryDir(), clock, warn);
    Optional<LlmRepairer> llm = LlmRepairer.create(options.llm(), memory.orElse(null));
    // Adding a repairer is one line here (and its class and test).
    List<Repairer> repairers = new ArrayList<>();
    memory.ifPresent(m -> repairers.add(new MemoryRepairer(m)));
    if (LEARNED_PATTERNS) {
      memory.ifPresent(m -> repairers.add(new PatternRepairer(m.patterns())));
    }
    repairers.add(
        new TemplateRepairer(memory.map(FixMemory::templatePriorMultipliers).orElse(Map.of())));
    llm.ifPresent(repairers::add);
    return new HealPipeline(
        options.reproducer(),
        new SpectrumLocalizer(),
        repairers,
        llm,
        new BranchDelivery(clock, options.delivery().branch()),
        memory.map(m -> (Learner) m));
  }

  /**
   * This pipeline with only the repairers {@code policy} allows; a repairer left out is named in a
   * warning, so a heal that finds nothing says why.
   */
  HealPipeline allowedBy(Policy policy, Consumer<String> warn) {
    List<Repairer> allowed = new ArrayList<>();
    for (Repairer repairer : repairers) {
      if (policy.allows(repairer.name())) {
        allowed.add(repairer);
      } else {
        warn.accept(
            "repairer "
                + repairer.name()
                + " not used: the policy's allowedRepairers are "
                + policy.allowedRepairers().orElse(List.of()));
      }
    }
    return new HealPipeline(
        reproducer,
        localizer,
        allowed,
        llm.filter(m -> policy.allows(m.name())),
        deliverer,
        learner);
  }

  /** The fix memory, or none when its directory cannot be used (the heal goes on without it). */
  private static Optional<FixMemory> openMemory(
      Optional<Path> dir, Clock clock, Consumer<String> warn) {
    if (dir.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(FixMemory.open(dir.get(), clock));
    } catch (RuntimeException e) {
      warn.accept("fix memory unavailable (" + dir.get() + "): " + e.getMessage());
      return Optional.empty();
    }
  }
}
