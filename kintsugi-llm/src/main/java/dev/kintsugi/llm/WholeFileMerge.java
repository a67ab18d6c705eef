package dev.kintsugi.llm;

import static dev.kintsugi.llm.Indentation.indent;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import java.util.ArrayList;
import java.util.List;

/**
 * Merges a whole file the model wrote back into the original: only the lines it really changed are
 * taken, scaled to the original's indentation width.
 */
final class WholeFileMerge {

  private WholeFileMerge() {}

  /**
   * The model's whole file, except that lines it only re-indented or re-spaced keep the original's
   * bytes: the diff stays as small as the real change.
   */
  static String keepUnchangedLines(Lines original, List<String> proposed) {
    List<String> target = new ArrayList<>(proposed);
    while (!target.isEmpty() && target.get(target.size() - 1).isEmpty()) {
      target.remove(target.size() - 1);
    }
    List<String> src = new ArrayList<>(original.lines());
    boolean trailingNewline = !src.isEmpty() && src.get(src.size() - 1).isEmpty();
    if (trailingNewline) {
      src.remove(src.size() - 1);
    }
    List<String> srcNorm = src.stream().map(LineSearch::normal).toList();
    List<String> tgtNorm = target.stream().map(LineSearch::normal).toList();
    List<AbstractDelta<String>> deltas = DiffUtils.diff(srcNorm, tgtNorm).getDeltas();
    double ratio = indentRatio(src, target, deltas);
    List<String> out = new ArrayList<>();
    int s = 0;
    for (AbstractDelta<String> delta : deltas) {
      int pos = delta.getSource().getPosition();
      out.addAll(src.subList(s, pos));
      int t = delta.getTarget().getPosition();
      for (String line : target.subList(t, t + delta.getTarget().size())) {
        out.add(scaleIndent(line, ratio));
      }
      s = pos + delta.getSource().size();
    }
    out.addAll(src.subList(s, src.size()));
    if (trailingNewline) {
      out.add("");
    }
    return original.join(out);
  }

  /** How the original's indentation relates to the model's (2 vs 4 spaces: 0.5); 1 if unsure. */
  private static double indentRatio(
      List<String> src, List<String> target, List<AbstractDelta<String>> deltas) {
    List<Double> ratios = new ArrayList<>();
    int s = 0;
    int t = 0;
    List<int[]> pairs = new ArrayList<>();
    for (AbstractDelta<String> delta : deltas) {
      while (s < delta.getSource().getPosition()) {
        pairs.add(new int[] {s++, t++});
      }
      s += delta.getSource().size();
      t += delta.getTarget().size();
    }
    while (s < src.size() && t < target.size()) {
      pairs.add(new int[] {s++, t++});
    }
    for (int[] pair : pairs) {
      String a = indent(src.get(pair[0]));
      String b = indent(target.get(pair[1]));
      if (!a.isEmpty() && !b.isEmpty() && !a.contains("\t") && !b.contains("\t")) {
        ratios.add((double) a.length() / b.length());
      }
    }
    if (ratios.isEmpty()) {
      return 1.0;
    }
    ratios.sort(null);
    return ratios.get(ratios.size() / 2);
  }

  private static String scaleIndent(String line, double ratio) {
    String indent = indent(line);
    if (ratio == 1.0 || indent.isEmpty() || indent.contains("\t")) {
      return line;
    }
    int width = (int) Math.round(indent.length() * ratio);
    return " ".repeat(width) + line.substring(indent.length());
  }
}
