package dev.kintsugi.heal.validate;

import com.github.javaparser.ParseResult;
import com.github.javaparser.ast.CompilationUnit;
import dev.kintsugi.core.repair.Candidate;
import dev.kintsugi.core.repair.FileChange;
import dev.kintsugi.core.validate.Gate;
import dev.kintsugi.core.validate.GateVerdict;

/** Every changed Java file still parses. */
final class ParsesGate implements Gate {

  @Override
  public String name() {
    return "parses";
  }

  @Override
  public GateVerdict check(Candidate candidate) {
    for (FileChange change : candidate.changes()) {
      if (!change.file().endsWith(".java")) {
        continue;
      }
      ParseResult<CompilationUnit> result = JavaSources.parse(change.after());
      if (!result.isSuccessful()) {
        String problem =
            result.getProblems().isEmpty()
                ? "unknown"
                : result.getProblems().get(0).getVerboseMessage();
        return GateVerdict.reject(name(), change.file() + ": " + firstLine(problem));
      }
    }
    return GateVerdict.pass(name(), "");
  }

  private static String firstLine(String text) {
    int nl = text.indexOf('\n');
    return nl < 0 ? text : text.substring(0, nl);
  }
}
