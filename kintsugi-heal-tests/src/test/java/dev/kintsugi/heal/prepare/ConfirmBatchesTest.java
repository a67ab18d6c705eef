package dev.kintsugi.heal.prepare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Group confirmation without Maven: builds are plain functions that record what they held. */
class ConfirmBatchesTest {

  record FakeFix(String name, Set<String> files) implements ConfirmBatches.Fix {}

  private final List<List<String>> builds = new ArrayList<>();

  private synchronized void record(List<FakeFix> batch) {
    builds.add(batch.stream().map(FakeFix::name).toList());
  }

  @Test
  void aLoneFixIsBuiltAtOnceAndAlone() throws Exception {
    ConfirmBatches batches = new ConfirmBatches(1);
    ConfirmBatches.Verdict verdict =
        batches.confirm(
            "c1",
            new FakeFix("a", Set.of("A.java")),
            batch -> {
              record(batch);
              return ConfirmBatches.Verdict.of(true, "exit 0");
            });
    assertThat(verdict.green()).isTrue();
    assertThat(verdict.together()).isEqualTo(1);
    assertThat(builds).containsExactly(List.of("a"));
  }

  @Test
  void fixesWaitingWhileABuildRunsShareTheNextBuildUnlessTheyTouchTheSameFile() throws Exception {
    ConfirmBatches batches = new ConfirmBatches(1);
    CountDownLatch firstRunning = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    ConfirmBatches.Build<FakeFix> build =
        batch -> {
          record(batch);
          if (batch.get(0).name().equals("first")) {
            firstRunning.countDown();
            await(releaseFirst);
          }
          return ConfirmBatches.Verdict.of(true, "exit 0");
        };
    CompletableFuture<ConfirmBatches.Verdict> first =
        CompletableFuture.supplyAsync(
            () -> confirm(batches, new FakeFix("first", Set.of("F.java")), build));
    assertThat(firstRunning.await(10, TimeUnit.SECONDS)).isTrue();
    List<CompletableFuture<ConfirmBatches.Verdict>> waiting = new ArrayList<>();
    for (FakeFix fix :
        List.of(
            new FakeFix("b", Set.of("B.java")),
            new FakeFix("c", Set.of("C.java")),
            new FakeFix("b2", Set.of("B.java", "D.java")))) {
      waiting.add(CompletableFuture.supplyAsync(() -> confirm(batches, fix, build)));
      Thread.sleep(100); // queued in this order
    }
    releaseFirst.countDown();
    first.get(10, TimeUnit.SECONDS);
    List<ConfirmBatches.Verdict> verdicts = new ArrayList<>();
    for (var w : waiting) {
      verdicts.add(w.get(10, TimeUnit.SECONDS));
    }
    // b and c shared one build; b2 touches B.java too, so it got a build of its own.
    assertThat(builds).containsExactly(List.of("first"), List.of("b", "c"), List.of("b2"));
    assertThat(verdicts).extracting(ConfirmBatches.Verdict::together).containsExactly(2, 2, 1);
    assertThat(verdicts).allMatch(ConfirmBatches.Verdict::green);
  }

  @Test
  void aSharedBuildThatFailsSendsEachFixToABuildOfItsOwn() throws Exception {
    ConfirmBatches batches = new ConfirmBatches(1);
    CountDownLatch firstRunning = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    ConfirmBatches.Build<FakeFix> build =
        batch -> {
          record(batch);
          if (batch.get(0).name().equals("first")) {
            firstRunning.countDown();
            await(releaseFirst);
            return ConfirmBatches.Verdict.of(true, "exit 0");
          }
          return ConfirmBatches.Verdict.of(false, "shop.Bad#test fails");
        };
    CompletableFuture<ConfirmBatches.Verdict> first =
        CompletableFuture.supplyAsync(
            () -> confirm(batches, new FakeFix("first", Set.of("F.java")), build));
    assertThat(firstRunning.await(10, TimeUnit.SECONDS)).isTrue();
    var x =
        CompletableFuture.supplyAsync(
            () -> confirm(batches, new FakeFix("x", Set.of("X.java")), build));
    Thread.sleep(100);
    var y =
        CompletableFuture.supplyAsync(
            () -> confirm(batches, new FakeFix("y", Set.of("Y.java")), build));
    Thread.sleep(100);
    releaseFirst.countDown();
    first.get(10, TimeUnit.SECONDS);
    ConfirmBatches.Verdict vx = x.get(10, TimeUnit.SECONDS);
    ConfirmBatches.Verdict vy = y.get(10, TimeUnit.SECONDS);
    assertThat(vx.green()).isFalse();
    assertThat(vx.alone()).isTrue();
    assertThat(vy.alone()).isTrue();
    assertThat(vx.why()).isEqualTo("shop.Bad#test fails");
  }

  @Test
  void twoSlotsRunTwoBuildsAtOnce() throws Exception {
    ConfirmBatches batches = new ConfirmBatches(2);
    CountDownLatch bothRunning = new CountDownLatch(2);
    ConfirmBatches.Build<FakeFix> build =
        batch -> {
          record(batch);
          bothRunning.countDown();
          await(bothRunning); // each waits for the other: only parallel builds finish
          return ConfirmBatches.Verdict.of(true, "exit 0");
        };
    var a =
        CompletableFuture.supplyAsync(
            () -> confirm(batches, new FakeFix("a", Set.of("A.java")), build));
    var b =
        CompletableFuture.supplyAsync(
            () -> confirm(batches, new FakeFix("b", Set.of("B.java")), build));
    assertThat(a.get(10, TimeUnit.SECONDS).green()).isTrue();
    assertThat(b.get(10, TimeUnit.SECONDS).green()).isTrue();
  }

  private static ConfirmBatches.Verdict confirm(
      ConfirmBatches batches, FakeFix fix, ConfirmBatches.Build<FakeFix> build) {
    try {
      return batches.confirm("c1", fix, build);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("timed out");
      }
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
