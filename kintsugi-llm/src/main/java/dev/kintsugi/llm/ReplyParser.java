package dev.kintsugi.llm;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.CompilationUnit;
import com.github.javaparser.ast.body.BodyDeclaration;
import dev.kintsugi.llm.Edit.FileDiff;
import dev.kintsugi.llm.Edit.Hunk;
import dev.kintsugi.llm.Edit.SearchReplace;
import dev.kintsugi.llm.Edit.WholeFile;
import dev.kintsugi.llm.Edit.WholeMethods;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a model's reply, which is untrusted text: finds a short diagnosis and the edits, in
 * whichever form the model used — SEARCH/REPLACE blocks, a unified diff, or a whole file or whole
 * methods in a fenced block — ignoring chatter around them. Nothing in a reply is ever executed; a
 * reply with no usable edit yields a problem, never an exception.
 */
final class ReplyParser {

  /** What a reply said: a diagnosis (may be empty), the edits and why some could not be read. */
  record Parsed(String diagnosis, List<Edit> edits, List<String> problems) {
    Parsed {
      edits = List.copyOf(edits);
      problems = List.copyOf(problems);
    }
  }

  private static final int MAX_REPLY_CHARS = 400_000;
  private static final int MAX_DIAGNOSIS = 600;

  private static final Pattern SEARCH = Pattern.compile("^\\s*<{5,9}\\s*SEARCH\\s*$");
  private static final Pattern DIVIDER = Pattern.compile("^\\s*={5,9}\\s*$");
  private static final Pattern REPLACE = Pattern.compile("^\\s*>{5,9}\\s*REPLACE\\s*$");
  private static final Pattern FENCE =
      Pattern.compile("^\\s*(`{3,}|~{3,})\\s*([\\w+#.\\-]*)\\s*(.*)$");
  private static final Pattern HUNK =
      Pattern.compile("^@@\\s+-(\\d+)(?:,(\\d+))?\\s+\\+(\\d+)(?:,(\\d+))?\\s+@@.*$");
  private static final Pattern HUNK_BARE = Pattern.compile("^@@.*@@.*$|^@@\\s*$");
  private static final Pattern PATH_IN_LINE =
      Pattern.compile("([\\w./\\\\-]*[\\w-]+\\.(?:java|kt|xml|gradle|kts|properties|ya?ml|json))");
  private static final Pattern DIAGNOSIS =
      Pattern.compile(
          "(?i)^\\s*(?:#+\\s*)?(?:\\*\\*)?\\s*(?:diagnosis|root[ -]cause|cause|analysis)\\s*(?:\\*\\*)?\\s*:\\s*(?:\\*\\*)?\\s*(.*)$");

  private ReplyParser() {}

  static Parsed parse(String reply) {
    List<String> problems = new ArrayList<>();
    if (reply == null || reply.isBlank()) {
      return new Parsed("", List.of(), List.of("empty reply"));
    }
    String text = reply.length() > MAX_REPLY_CHARS ? reply.substring(0, MAX_REPLY_CHARS) : reply;
    text = text.replace("\r\n", "\n").replace('\r', '\n');
    List<String> lines = List.of(text.split("\n", -1));
    String diagnosis = diagnosis(lines);

    List<Edit> edits = searchReplace(lines, problems);
    if (edits.isEmpty() && problems.isEmpty()) {
      edits = unifiedDiff(lines, problems);
    }
    if (edits.isEmpty() && problems.isEmpty()) {
      edits = codeBlocks(lines, problems);
    }
    if (edits.isEmpty() && problems.isEmpty()) {
      problems.add("no patch in reply (no SEARCH/REPLACE block, unified diff or Java code block)");
    }
    return new Parsed(diagnosis, edits, problems);
  }

  static String diagnosis(List<String> lines) {
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = DIAGNOSIS.matcher(lines.get(i));
      if (m.matches()) {
        StringBuilder sb = new StringBuilder(m.group(1).trim());
        for (int j = i + 1; j < lines.size(); j++) {
          String next = lines.get(j).trim();
          if (next.isEmpty() || FENCE.matcher(next).matches() || SEARCH.matcher(next).matches()) {
            break;
          }
          sb.append(sb.length() == 0 ? "" : " ").append(next);
        }
        String d = sb.toString().replace("**", "").trim();
        return d.length() > MAX_DIAGNOSIS ? d.substring(0, MAX_DIAGNOSIS) + "..." : d;
      }
    }
    return "";
  }

  // ---------------------------------------------------------------- SEARCH/REPLACE

  private static List<Edit> searchReplace(List<String> lines, List<String> problems) {
    List<Edit> edits = new ArrayList<>();
    String lastPath = null;
    for (int i = 0; i < lines.size(); i++) {
      if (!SEARCH.matcher(lines.get(i)).matches()) {
        continue;
      }
      String path = pathBefore(lines, i);
      if (path == null) {
        path = lastPath;
      }
      List<String> search = new ArrayList<>();
      List<String> replace = new ArrayList<>();
      int j = i + 1;
      while (j < lines.size() && !DIVIDER.matcher(lines.get(j)).matches()) {
        search.add(lines.get(j++));
      }
      if (j >= lines.size()) {
        problems.add("truncated SEARCH/REPLACE block (no ======= divider)");
        break;
      }
      j++;
      while (j < lines.size() && !REPLACE.matcher(lines.get(j)).matches()) {
        replace.add(lines.get(j++));
      }
      if (j >= lines.size()) {
        problems.add("truncated SEARCH/REPLACE block (no >>>>>>> REPLACE marker)");
        break;
      }
      edits.add(new SearchReplace(path, String.join("\n", search), String.join("\n", replace)));
      lastPath = path;
      i = j;
    }
    return edits;
  }

  /** A file path named on one of the three lines before {@code index}, skipping fence lines. */
  private static String pathBefore(List<String> lines, int index) {
    for (int k = index - 1; k >= Math.max(0, index - 3); k--) {
      String line = lines.get(k).trim();
      Matcher fence = FENCE.matcher(line);
      if (fence.matches()) {
        String rest = fence.group(3);
        Matcher p = PATH_IN_LINE.matcher(fence.group(2) + " " + rest);
        if (p.find()) {
          return p.group(1);
        }
        continue;
      }
      if (line.isEmpty()) {
        continue;
      }
      Matcher p = PATH_IN_LINE.matcher(line);
      return p.find() ? p.group(1) : null;
    }
    return null;
  }

  // ---------------------------------------------------------------- unified diff

  private static List<Edit> unifiedDiff(List<String> lines, List<String> problems) {
    List<Edit> edits = new ArrayList<>();
    boolean inFence = false;
    boolean diffFence = false;
    String path = null;
    List<Hunk> hunks = new ArrayList<>();
    boolean sawHunk = false;
    int i = 0;
    while (i < lines.size()) {
      String line = lines.get(i);
      Matcher fence = FENCE.matcher(line);
      if (fence.matches() && !line.startsWith("+") && !line.startsWith("-")) {
        inFence = !inFence;
        diffFence = inFence && fence.group(2).matches("(?i)diff|patch|udiff");
        i++;
        continue;
      }
      if (line.startsWith("--- ") && i + 1 < lines.size() && lines.get(i + 1).startsWith("+++ ")) {
        if (!hunks.isEmpty()) {
          edits.add(new FileDiff(path, hunks));
          hunks = new ArrayList<>();
        }
        String newPath = diffPath(lines.get(i + 1).substring(4));
        String oldPath = diffPath(line.substring(4));
        path = newPath != null ? newPath : oldPath;
        if (newPath == null) {
          problems.add("diff deletes file " + oldPath + ": not supported");
        } else if (oldPath == null) {
          problems.add("diff creates new file " + newPath + ": not supported");
        }
        i += 2;
        continue;
      }
      Matcher hunk = HUNK.matcher(line);
      if (hunk.matches() || HUNK_BARE.matcher(line).matches()) {
        sawHunk = true;
        int oldStart = hunk.matches() ? Integer.parseInt(hunk.group(1)) : 0;
        int oldCount =
            hunk.matches() ? (hunk.group(2) == null ? 1 : Integer.parseInt(hunk.group(2))) : -1;
        int newCount =
            hunk.matches() ? (hunk.group(4) == null ? 1 : Integer.parseInt(hunk.group(4))) : -1;
        List<String> body = new ArrayList<>();
        int j = i + 1;
        int seenOld = 0;
        int seenNew = 0;
        boolean ended = false;
        while (j < lines.size()) {
          String l = lines.get(j);
          if (FENCE.matcher(l).matches()
              || HUNK_BARE.matcher(l).matches()
              || l.startsWith("diff --git ")
              || (l.startsWith("--- ")
                  && j + 1 < lines.size()
                  && lines.get(j + 1).startsWith("+++ "))) {
            ended = true;
            break;
          }
          if (l.startsWith("\\")) {
            j++;
            continue; // "\ No newline at end of file"
          }
          char c = l.isEmpty() ? ' ' : l.charAt(0);
          if (c == ' ' || c == '-' || c == '+') {
            body.add(l.isEmpty() ? " " : l);
          } else if (diffFence || (inFence && !l.isBlank())) {
            body.add(" " + l); // a context line whose leading space the model dropped
            c = ' ';
          } else {
            ended = true;
            break;
          }
          if (c != '+') {
            seenOld++;
          }
          if (c != '-') {
            seenNew++;
          }
          j++;
          if (oldCount >= 0
              && seenOld >= oldCount
              && seenNew >= newCount
              && !diffFence
              && !inFence) {
            ended = true;
            break;
          }
        }
        if (j >= lines.size() && inFence) {
          problems.add("truncated diff (the code fence never closes)");
          return List.of();
        }
        while (!body.isEmpty() && body.get(body.size() - 1).isBlank()) {
          body.remove(body.size() - 1);
        }
        if (body.stream().anyMatch(l -> l.charAt(0) != ' ')) {
          hunks.add(new Hunk(oldStart, body));
        }
        i = j;
        continue;
      }
      i++;
    }
    if (!hunks.isEmpty()) {
      edits.add(new FileDiff(path, hunks));
    } else if (sawHunk && edits.isEmpty() && problems.isEmpty()) {
      problems.add("diff has no changed lines");
    }
    return edits;
  }

  private static String diffPath(String text) {
    String p = text.trim();
    int tab = p.indexOf('\t');
    if (tab >= 0) {
      p = p.substring(0, tab);
    }
    if (p.equals("/dev/null")) {
      return null;
    }
    if (p.startsWith("a/") || p.startsWith("b/")) {
      p = p.substring(2);
    }
    return p;
  }

  // ---------------------------------------------------------------- fenced code

  private static List<Edit> codeBlocks(List<String> lines, List<String> problems) {
    List<Edit> edits = new ArrayList<>();
    int i = 0;
    boolean sawCode = false;
    while (i < lines.size()) {
      Matcher open = FENCE.matcher(lines.get(i));
      if (!open.matches()) {
        i++;
        continue;
      }
      String marker = open.group(1);
      String lang = open.group(2).toLowerCase(java.util.Locale.ROOT);
      String hint = pathBefore(lines, i);
      Matcher inline = PATH_IN_LINE.matcher(open.group(3));
      if (inline.find()) {
        hint = inline.group(1);
      }
      int j = i + 1;
      List<String> body = new ArrayList<>();
      while (j < lines.size() && !lines.get(j).trim().equals(marker)) {
        body.add(lines.get(j++));
      }
      if (j >= lines.size()) {
        problems.add("truncated reply (a code block never closes)");
        return List.of();
      }
      i = j + 1;
      if (!(lang.isEmpty() || lang.equals("java"))) {
        continue;
      }
      sawCode = true;
      String code = String.join("\n", body);
      if (parsesAsFile(code)) {
        edits.add(new WholeFile(hint, code + "\n"));
      } else if (parsesAsMembers(code)) {
        edits.add(new WholeMethods(hint, code));
      } else if (lang.equals("java")) {
        problems.add(
            "a java code block is neither a whole file nor whole methods (does not parse)");
      }
    }
    if (!sawCode) {
      return List.of();
    }
    // Several versions of the same file: the last one is the model's final answer.
    List<Edit> last = new ArrayList<>();
    for (Edit e : edits) {
      last.removeIf(
          prev ->
              prev instanceof WholeFile
                  && e instanceof WholeFile
                  && java.util.Objects.equals(prev.path(), e.path()));
      last.add(e);
    }
    return last;
  }

  static JavaParser parser() {
    return new JavaParser(
        new ParserConfiguration().setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17));
  }

  static boolean parsesAsFile(String code) {
    ParseResult<CompilationUnit> r = parser().parse(code);
    return r.isSuccessful()
        && r.getResult().isPresent()
        && !r.getResult().get().getTypes().isEmpty();
  }

  static boolean parsesAsMembers(String code) {
    ParseResult<CompilationUnit> r = parser().parse("class K__ {\n" + code + "\n}");
    if (!r.isSuccessful() || r.getResult().isEmpty() || r.getResult().get().getTypes().isEmpty()) {
      return false;
    }
    for (BodyDeclaration<?> member : r.getResult().get().getType(0).getMembers()) {
      if (member.isMethodDeclaration() || member.isConstructorDeclaration()) {
        return true;
      }
    }
    return false;
  }
}
