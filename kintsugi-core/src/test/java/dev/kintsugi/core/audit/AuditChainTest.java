package dev.kintsugi.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditChainTest {

  static final Instant T0 = Instant.parse("2026-01-02T03:04:05.678Z");

  /** Entries of {@code projects[i]} in order, each project chained on its own. */
  static List<AuditEntry> chain(Long... projects) {
    Map<Long, String> last = new HashMap<>();
    List<AuditEntry> out = new ArrayList<>();
    for (int i = 0; i < projects.length; i++) {
      Long p = projects[i];
      AuditEntry e =
          AuditChain.next(
              i + 1,
              T0.plusSeconds(i),
              p,
              7L,
              null,
              AuditRecord.system("heal.started", "trigger", "new incident " + i),
              last.getOrDefault(p, AuditChain.GENESIS));
      last.put(p, e.hash());
      out.add(e);
    }
    return out;
  }

  private static AuditEntry edit(
      AuditEntry e, Instant at, String actor, Map<String, String> detail) {
    return new AuditEntry(
        e.seq(),
        at,
        e.project(),
        e.incident(),
        e.healRun(),
        e.action(),
        actor,
        detail,
        e.prevHash(),
        e.hash());
  }

  @Test
  void theHashIsSha256OfPrevHashAndTheDocumentedNetstrings() throws Exception {
    Map<String, String> detail = new LinkedHashMap<>();
    detail.put("gate", "compiles");
    detail.put("why", "é");
    AuditEntry e =
        AuditChain.next(
            3,
            T0,
            12L,
            null,
            5L,
            new AuditRecord("candidate.refused", "kintsugi", detail),
            AuditChain.GENESIS);

    String canonical =
        "17:kintsugi-audit-v1,1:3,13:"
            + T0.toEpochMilli()
            + ",2:12,0:,1:5,17:candidate.refused,8:kintsugi,1:2,4:gate,8:compiles,3:why,2:é,";
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    expected.writeBytes(AuditChain.GENESIS.getBytes(StandardCharsets.US_ASCII));
    expected.writeBytes(canonical.getBytes(StandardCharsets.UTF_8));
    String sha =
        HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(expected.toByteArray()));

    assertThat(new String(AuditChain.canonical(e), StandardCharsets.UTF_8)).isEqualTo(canonical);
    assertThat(e.hash()).isEqualTo(sha).hasSize(64);
    assertThat(e.prevHash()).isEqualTo("0".repeat(64));
  }

  @Test
  void textMovedBetweenFieldsChangesTheHash() {
    AuditEntry a =
        AuditChain.next(
            1, T0, null, null, null, AuditRecord.system("x.y", "ab", "c"), AuditChain.GENESIS);
    AuditEntry b =
        AuditChain.next(
            1, T0, null, null, null, AuditRecord.system("x.y", "a", "bc"), AuditChain.GENESIS);
    assertThat(a.hash()).isNotEqualTo(b.hash());
  }

  @Test
  void anUntouchedChainVerifiesAndEachProjectsEntriesVerifyAlone() {
    List<AuditEntry> all = chain(1L, 2L, 1L, null, 2L, 1L);

    assertThat(AuditChain.verify(all).ok()).isTrue();
    assertThat(AuditChain.verify(all).entries()).isEqualTo(6);
    List<AuditEntry> project1 =
        all.stream().filter(e -> Long.valueOf(1).equals(e.project())).toList();
    assertThat(AuditChain.verify(project1).ok()).isTrue();
    assertThat(AuditChain.verify(project1).entries()).isEqualTo(3);
  }

  @Test
  void anEditedDetailActorOrTimeIsNamed() {
    List<AuditEntry> all = chain(1L, 1L, 1L, 1L);
    AuditEntry third = all.get(2);
    for (AuditEntry edited :
        List.of(
            edit(third, third.at(), third.actor(), Map.of("trigger", "by hand")),
            edit(third, third.at(), "mallory", third.detail()),
            edit(third, third.at().plusMillis(1), third.actor(), third.detail()))) {
      List<AuditEntry> tampered = new ArrayList<>(all);
      tampered.set(2, edited);

      AuditVerification v = AuditChain.verify(tampered);

      assertThat(v.ok()).isFalse();
      assertThat(v.entries()).isEqualTo(2);
      assertThat(v.firstBad().orElseThrow().seq()).isEqualTo(3);
      assertThat(v.firstBad().orElseThrow().why()).startsWith("edited");
    }
  }

  @Test
  void anEditedEntryWithItsHashRecomputedBreaksTheNextLink() {
    List<AuditEntry> all = new ArrayList<>(chain(1L, 1L, 1L));
    AuditEntry second = all.get(1);
    AuditEntry forged =
        AuditChain.next(
            2,
            second.at(),
            1L,
            7L,
            null,
            AuditRecord.system("heal.started", "trigger", "forged"),
            second.prevHash());
    all.set(1, forged);

    AuditVerification v = AuditChain.verify(all);

    assertThat(v.firstBad().orElseThrow().seq()).isEqualTo(3);
    assertThat(v.firstBad().orElseThrow().why()).contains("previous entry of project 1's chain");
  }

  @Test
  void aDeletedMiddleOrFirstEntryIsFound() {
    List<AuditEntry> all = chain(1L, 2L, 1L, 1L);
    List<AuditEntry> middle = new ArrayList<>(all);
    middle.remove(2); // project 1's second entry

    AuditVerification v = AuditChain.verify(middle);
    assertThat(v.firstBad().orElseThrow().seq()).isEqualTo(4);
    assertThat(v.firstBad().orElseThrow().why())
        .contains("previous entry of project 1's chain is seq 1")
        .contains("deleted");

    List<AuditEntry> first = new ArrayList<>(all);
    first.remove(0);
    AuditVerification w = AuditChain.verify(first);
    assertThat(w.firstBad().orElseThrow().seq()).isEqualTo(3);
    assertThat(w.firstBad().orElseThrow().why()).contains("first entry").contains("genesis");
  }

  @Test
  void reorderedEntriesAreFound() {
    List<AuditEntry> all = new ArrayList<>(chain(1L, 1L, 1L, 1L));
    AuditEntry second = all.get(1);
    all.set(1, all.get(2));
    all.set(2, second);

    AuditVerification v = AuditChain.verify(all);

    // Seq 3 now follows seq 1, to which it does not link.
    assertThat(v.firstBad().orElseThrow().seq()).isEqualTo(3);
    assertThat(v.firstBad().orElseThrow().why()).contains("moved");

    // Two chains' entries swapped: each still links, but the order is broken.
    List<AuditEntry> two = new ArrayList<>(chain(1L, 2L));
    AuditVerification w = AuditChain.verify(List.of(two.get(1), two.get(0)));
    assertThat(w.firstBad().orElseThrow().seq()).isEqualTo(1);
    assertThat(w.firstBad().orElseThrow().why()).contains("out of order");
  }

  @Test
  void aChainCutShortOfItsRecordedHeadIsFound() {
    List<AuditEntry> all = chain(1L, 2L, 1L, 2L);
    List<AuditHead> heads =
        List.of(new AuditHead(1L, 3, all.get(2).hash()), new AuditHead(2L, 4, all.get(3).hash()));
    assertThat(AuditChain.verify(all, heads).ok()).isTrue();

    AuditVerification v = AuditChain.verify(all.subList(0, 3), heads);

    assertThat(v.entries()).isEqualTo(3);
    assertThat(v.firstBad().orElseThrow().seq()).isEqualTo(4);
    assertThat(v.firstBad().orElseThrow().why())
        .contains("project 2's chain ends at seq 2")
        .contains("deleted");
    // Without the heads the cut goes unseen: the documented limit.
    assertThat(AuditChain.verify(all.subList(0, 3)).ok()).isTrue();
  }

  @Test
  void entriesAfterTheHeadAreAllowedAndARewrittenHeadEntryIsNot() {
    List<AuditEntry> all = chain(1L, 1L, 1L);
    assertThat(AuditChain.verify(all, List.of(new AuditHead(1L, 2, all.get(1).hash()))).ok())
        .isTrue();

    AuditVerification v = AuditChain.verify(all, List.of(new AuditHead(1L, 2, all.get(0).hash())));
    assertThat(v.firstBad().orElseThrow().seq()).isEqualTo(2);
    assertThat(v.firstBad().orElseThrow().why()).contains("recorded head");
  }
}
