package dev.kintsugi.learn;

import static dev.kintsugi.learn.Fixtures.PRICING;
import static dev.kintsugi.learn.Fixtures.PRICING_TEXT;
import static dev.kintsugi.learn.Fixtures.failure;
import static dev.kintsugi.learn.Fixtures.fix;
import static dev.kintsugi.learn.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.repair.Candidate;
import dev.kintsugi.core.repair.FileChange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MemoryRepairerTest {

  @TempDir Path dir;
  @TempDir Path root;

  private FixMemory memory;
  private MemoryRepairer repairer;

  @BeforeEach
  void rememberTheFix() {
    memory =
        FixMemory.open(dir, Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC));
    memory.learn(List.of(failure("x")), fix("template:relational-operator"), FixMemory.DELIVERED);
    repairer = new MemoryRepairer(memory);
  }

  @Test
  void replaysTheRememberedFixAfterLinesAboveItMoved() throws IOException {
    String moved =
        PRICING_TEXT.replace(
            "package com.shop;\n",
            "// Copyright 2025 Shop\n// All rights reserved.\n\npackage com.shop;\n");
    assertThat(moved.lines().count()).isEqualTo(PRICING_TEXT.lines().count() + 3);
    Fixtures.write(root, PRICING, moved);

    List<Candidate> candidates = repairer.propose(request(root, 1));

    assertThat(repairer.name()).isEqualTo("memory");
    assertThat(repairer.lastProblem()).isEmpty();
    assertThat(candidates).hasSize(1);
    Candidate candidate = candidates.get(0);
    assertThat(candidate.repairer()).isEqualTo("memory");
    assertThat(candidate.description())
        .isEqualTo(
            "remembered fix (template:relational-operator, 2025-01-02T03:04:05Z): "
                + "> → >= at Pricing.java:8");
    assertThat(candidate.changes())
        .containsExactly(new FileChange(PRICING, moved, Fixtures.fixed(moved)));
    // proposing never writes the workspace
    assertThat(Files.readString(root.resolve(PRICING))).isEqualTo(moved);
  }

  @Test
  void keepsWindowsLineEnds() throws IOException {
    String crlf = PRICING_TEXT.replace("\n", "\r\n");
    Fixtures.write(root, PRICING, crlf);

    List<Candidate> candidates = repairer.propose(request(root, 1));

    assertThat(candidates).hasSize(1);
    assertThat(candidates.get(0).changes().get(0).after()).isEqualTo(Fixtures.fixed(crlf));
  }

  @Test
  void aDiffThatNoLongerMatchesGivesNoCandidateAndSaysWhy() throws IOException {
    // the line the fix changed was rewritten since
    Fixtures.write(
        root, PRICING, PRICING_TEXT.replace(Fixtures.BUGGY_LINE, "    if (isBulk(quantity)) {"));

    assertThat(repairer.propose(request(root, 1))).isEmpty();
    assertThat(repairer.lastProblem())
        .isEqualTo(
            "remembered fix no longer applies: its change to "
                + PRICING
                + " matches nowhere in today's file");
  }

  @Test
  void aMissingFileGivesNoCandidateAndSaysWhy() {
    assertThat(repairer.propose(request(root, 1))).isEmpty();
    assertThat(repairer.lastProblem())
        .isEqualTo("remembered fix no longer applies: cannot read " + PRICING);
  }

  @Test
  void triesOnlyInRoundOneAndOnlyForTheSameFailure() throws IOException {
    Fixtures.write(root, PRICING, PRICING_TEXT);

    assertThat(repairer.propose(request(root, 2))).isEmpty();
    assertThat(repairer.lastProblem()).isEqualTo("a remembered fix is tried in round 1 only");

    MemoryRepairer empty = new MemoryRepairer(FixMemory.open(dir.resolve("other")));
    assertThat(empty.propose(request(root, 1))).isEmpty();
    assertThat(empty.lastProblem()).isEqualTo("no fix remembered for this failure");
  }

  @Test
  void aDiffThatIsUnreadableOrLeavesTheWorkspaceGivesNoCandidate() throws IOException {
    Path workspace = root.resolve("workspace");
    Fixtures.write(workspace, PRICING, PRICING_TEXT);
    Files.writeString(root.resolve("outside.txt"), "secret\n");
    RememberedFix stored = memory.all().get(0);

    memory.remember(withDiff(stored, "not a diff at all\n"));
    assertThat(repairer.propose(request(workspace, 1))).isEmpty();
    assertThat(repairer.lastProblem())
        .isEqualTo("remembered diff unreadable: no file header (--- a/FILE, +++ b/FILE)");

    memory.remember(
        withDiff(
            stored, "--- a/../outside.txt\n+++ b/../outside.txt\n@@ -1,1 +1,1 @@\n-secret\n+x\n"));
    assertThat(repairer.propose(request(workspace, 1))).isEmpty();
    assertThat(repairer.lastProblem())
        .isEqualTo("remembered fix no longer applies: cannot read ../outside.txt");
  }

  private static RememberedFix withDiff(RememberedFix fix, String diff) {
    return new RememberedFix(
        fix.fingerprint(),
        fix.exceptionType(),
        fix.frames(),
        fix.tests(),
        fix.message(),
        fix.files(),
        diff,
        fix.editPattern(),
        fix.description(),
        fix.outcome(),
        fix.recordedAt(),
        fix.pattern());
  }
}
