package dev.kintsugi.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kintsugi.core.repair.FileChange;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplyParsingTest {

  @TempDir Path root;
  private PatchApplier applier;

  @BeforeEach
  void setUp() throws IOException {
    Fixtures.project(root);
    applier = new PatchApplier(new WorkspaceFiles(root), Fixtures.CALC, 10);
  }

  private PatchApplier.Result apply(String reply) {
    ReplyParser.Parsed parsed = ReplyParser.parse(reply);
    if (!parsed.problems().isEmpty()) {
      return PatchApplier.Result.failed(String.join("; ", parsed.problems()));
    }
    return applier.apply(parsed.edits());
  }

  private static String fixed() {
    return Fixtures.CALC_TEXT.replace("i <= values.length", "i < values.length");
  }

  @Nested
  class AcceptedForms {

    @Test
    void unifiedDiffInFenceWithChatter() {
      PatchApplier.Result r = apply(Replies.DIFF);
      assertThat(r.problem()).isEmpty();
      assertThat(r.changes())
          .containsExactly(new FileChange(Fixtures.CALC, Fixtures.CALC_TEXT, fixed()));
    }

    @Test
    void diffWithWrongLineNumbersAndNoFenceStillApplies() {
      String reply =
          """
          --- a/Calculator.java
          +++ b/Calculator.java
          @@ -2,3 +2,3 @@
               int total = 0;
          -    for (int i = 0; i <= values.length; i++) {
          +    for (int i = 0; i < values.length; i++) {
          """;
      assertThat(apply(reply).changes().get(0).after()).isEqualTo(fixed());
    }

    @Test
    void searchReplaceBlocks() {
      assertThat(apply(Replies.SEARCH_REPLACE).changes().get(0).after()).isEqualTo(fixed());
    }

    @Test
    void searchReplaceWithDifferentIndentationIsReindented() {
      String reply =
          """
          <<<<<<< SEARCH
          for (int i = 0; i <= values.length; i++) {
          =======
          for (int i = 0; i < values.length; i++) {
          >>>>>>> REPLACE
          """;
      assertThat(apply(reply).changes().get(0).after()).isEqualTo(fixed());
    }

    @Test
    void wholeFileKeepsUntouchedLinesByteIdentical() {
      PatchApplier.Result r = apply(Replies.WHOLE_FILE);
      assertThat(r.problem()).isEmpty();
      assertThat(r.changes().get(0).after()).isEqualTo(fixed());
    }

    @Test
    void wholeMethodReplacesItsNamesake() {
      PatchApplier.Result r = apply(Replies.WHOLE_METHOD);
      assertThat(r.problem()).isEmpty();
      assertThat(r.changes().get(0).after()).isEqualTo(fixed());
    }

    @Test
    void crlfLineEndingsAreKept() throws IOException {
      Fixtures.write(root, Fixtures.CALC, Fixtures.CALC_TEXT.replace("\n", "\r\n"));
      applier = new PatchApplier(new WorkspaceFiles(root), Fixtures.CALC, 10);
      assertThat(apply(Replies.SEARCH_REPLACE).changes().get(0).after())
          .isEqualTo(fixed().replace("\n", "\r\n"));
    }

    @Test
    void diagnosisIsExtracted() {
      assertThat(ReplyParser.parse(Replies.DIFF).diagnosis()).startsWith("The loop in `sum` runs");
    }
  }

  @Nested
  class RejectedReplies {

    @Test
    void garbageBecomesAReasonNotACrash() {
      assertThat(apply(Replies.GARBAGE).problem()).contains("no patch in reply");
    }

    @Test
    void truncatedReply() {
      assertThat(apply(Replies.TRUNCATED).problem()).contains("truncated");
    }

    @Test
    void truncatedSearchReplace() {
      assertThat(
              apply("<<<<<<< SEARCH\n    int total = 0;\n=======\n    int total = 1;\n").problem())
          .contains("truncated SEARCH/REPLACE");
    }

    @Test
    void unappliableDiff() {
      assertThat(apply(Replies.UNAPPLIABLE_DIFF).problem()).contains("does not match");
    }

    @Test
    void pathOutsideTheWorkspace() {
      String reply = "../../etc/Secret.java\n<<<<<<< SEARCH\nroot\n=======\nx\n>>>>>>> REPLACE\n";
      assertThat(apply(reply).problem()).contains("not in the workspace");
    }

    @Test
    void editThatBreaksTheSyntax() {
      String reply =
          "<<<<<<< SEARCH\n    return total;\n=======\n    return total\n>>>>>>> REPLACE\n";
      assertThat(apply(reply).problem()).contains("does not parse");
    }

    @Test
    void emptyReply() {
      assertThat(ReplyParser.parse("").problems()).containsExactly("empty reply");
    }
  }
}
