package dev.kintsugi.heal.loop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.audit.AuditException;
import dev.kintsugi.core.audit.AuditLog;
import dev.kintsugi.core.audit.AuditRecord;
import dev.kintsugi.heal.ExitCode;
import dev.kintsugi.heal.report.HealReport;
import dev.kintsugi.heal.testing.Git;
import dev.kintsugi.heal.testing.SampleProject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The policy decides how far a fix goes, and every action lands in the audit trail: real
 * repositories with a committed {@code .kintsugi/policy.yml}, real builds.
 */
class PolicyHealTest {

  @TempDir Path tmp;
  final List<AuditRecord> audit = new CopyOnWriteArrayList<>();

  HealOptions options(Path repo) {
    return HealOptions.defaults(repo)
        .withWorkDir(tmp.resolve("work"))
        .withMemoryDir(null)
        .withTimeout(Duration.ofMinutes(5))
        .withAudit(audit::add);
  }

  HealOutcome heal(HealOptions options) {
    return new HealLoop((stage, msg) -> {}, Clock.systemUTC()).run(options);
  }

  Git repoWithPolicy(String policy) throws Exception {
    Path repo = SampleProject.buggyCart(tmp.resolve("repo"));
    if (policy != null) {
      Files.createDirectories(repo.resolve(".kintsugi"));
      Files.writeString(repo.resolve(".kintsugi/policy.yml"), policy);
    }
    return Git.initWithCommit(repo);
  }

  List<String> actions() {
    return audit.stream().map(AuditRecord::action).toList();
  }

  @Test
  void theCommittedPolicyDecidesAndTheReportAndTrailSayWhy() throws Exception {
    Git git =
        repoWithPolicy(
            """
            environment: ci
            thresholds:
              ci:
                "*": { autoMerge: 0.0 }
            """);
    String base = git.run("rev-parse", "HEAD");

    HealReport report = heal(options(git.dir())).report();

    assertThat(report.status()).as(report.reason()).isEqualTo(HealReport.Status.FIXED);
    HealReport.PolicyPart policy = report.policy();
    assertThat(policy.source()).isEqualTo(".kintsugi/policy.yml at " + base.substring(0, 8));
    assertThat(policy.environment()).isEqualTo("ci");
    assertThat(policy.criticality()).isEqualTo("normal");
    assertThat(policy.decision()).isEqualTo("auto_merge");
    assertThat(policy.explanation())
        .isEqualTo(
            String.format(java.util.Locale.ROOT, "confidence %.2f", report.fix().confidence())
                + " ≥ autoMerge 0.00 for ci/normal → auto-merge once the checks pass");
    assertThat(policy.delivered()).isEqualTo("local branch " + report.branch());
    // The trail: started, the candidates' verdicts, the decision before the branch, the end.
    List<String> actions = actions();
    assertThat(actions.get(0)).isEqualTo("heal.started");
    assertThat(actions).contains("candidate.accepted");
    assertThat(actions.subList(actions.size() - 3, actions.size()))
        .containsExactly("policy.decided", "branch.created", "heal.finished");
    AuditRecord decided = audit.get(actions.indexOf("policy.decided"));
    assertThat(decided.actor()).isEqualTo(AuditRecord.SYSTEM);
    assertThat(decided.detail())
        .containsEntry("decision", "auto_merge")
        .containsEntry("confidence", String.valueOf(report.fix().confidence()));
    assertThat(audit.get(actions.indexOf("branch.created")).detail())
        .containsEntry("branch", report.branch())
        .containsEntry("commit", report.commit());
    assertThat(audit.get(actions.size() - 1).detail()).containsEntry("status", "fixed");
  }

  @Test
  void aProtectedPathIsNeverPatched() throws Exception {
    Git git = repoWithPolicy("protectedPaths: [ \"src/main/java/shop/**\" ]\n");

    HealOutcome outcome = heal(options(git.dir()));

    HealReport report = outcome.report();
    assertThat(report.status()).isEqualTo(HealReport.Status.NOT_FIXED);
    assertThat(report.rejectedBy()).containsKey("protected-path");
    assertThat(git.run("branch", "--list", "kintsugi/*")).isEmpty();
    AuditRecord refused =
        audit.stream()
            .filter(r -> r.action().equals("candidate.refused"))
            .findFirst()
            .orElseThrow();
    assertThat(refused.detail())
        .containsEntry("gate", "protected-path")
        .containsEntry("file", "src/main/java/shop/Cart.java");
    assertThat(refused.detail().get("evidence"))
        .isEqualTo(
            "src/main/java/shop/Cart.java is protected by the policy (src/main/java/shop/**)");
  }

  @Test
  void anInvalidPolicyStopsTheHealBeforeAnyBuildAndNamesTheField() throws Exception {
    Git git = repoWithPolicy("limits: { maxChangedLines: lots }\n");

    HealOutcome outcome = heal(options(git.dir()));

    assertThat(outcome.exitCode()).isEqualTo(ExitCode.BAD_INPUT);
    assertThat(outcome.report().status()).isEqualTo(HealReport.Status.ERROR);
    assertThat(outcome.report().reason())
        .startsWith("the policy cannot be used: .kintsugi/policy.yml at ")
        .endsWith(": limits.maxChangedLines must be a whole number ≥ 1, was \"lots\"");
    assertThat(outcome.report().candidates().tested()).isZero();
    assertThat(git.run("branch", "--list", "kintsugi/*")).isEmpty();
  }

  @Test
  void aPolicyFileGivenReplacesTheCommittedOne() throws Exception {
    Git git = repoWithPolicy("limits: { maxChangedLines: lots }\n");
    Path given = tmp.resolve("given.yml");
    Files.writeString(given, "thresholds: { production: { normal: { requireApproval: 0.1 } } }\n");

    HealReport report =
        heal(options(git.dir()).withDelivery(DeliveryOptions.BRANCH_ONLY.withPolicyFile(given)))
            .report();

    assertThat(report.status()).as(report.reason()).isEqualTo(HealReport.Status.FIXED);
    assertThat(report.policy().source()).isEqualTo(given.toString());
    assertThat(report.policy().decision()).isEqualTo("require_approval");
  }

  @Test
  void aTrailThatCannotRecordTheDecisionStopsTheDelivery() throws Exception {
    Git git = repoWithPolicy(null);
    AuditLog failing =
        record -> {
          if (record.action().equals("policy.decided")) {
            throw new AuditException("disk full");
          }
          audit.add(record);
        };

    HealOutcome outcome = heal(options(git.dir()).withAudit(failing));

    assertThat(outcome.report().status()).isEqualTo(HealReport.Status.ERROR);
    assertThat(outcome.report().reason())
        .isEqualTo("the audit trail cannot record the heal's actions, so it stopped: disk full");
    assertThat(outcome.report().branch()).isNull();
    assertThat(git.run("branch", "--list", "kintsugi/*")).isEmpty();
    assertThat(actions()).doesNotContain("branch.created").endsWith("heal.finished");
  }
}
