package dev.kintsugi.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A heal report (kintsugi-heal's {@code HealReport}, stored as JSON with its run) as the incident
 * page shows it. Its texts come from events, repositories and models: shown as text only, cut to
 * length; a part that is missing or malformed is left out (null or empty), never an error.
 *
 * @param reproduction null when the heal made no reproduction attempt
 * @param counts null when the report has no candidate counts
 * @param fix null when nothing was fixed
 * @param policy null when no policy decided
 * @param modelDiagnosis the model's root-cause sentence, when a model was used (its text: shown,
 *     never acted on)
 * @param readable false when the stored report is not a JSON object
 */
record ReportView(
    boolean readable,
    String status,
    String reason,
    Reproduction reproduction,
    String diagnosis,
    List<Location> locations,
    Counts counts,
    List<GateCount> rejectedBy,
    Fix fix,
    Policy policy,
    String branch,
    String commit,
    List<String> warnings,
    String modelDiagnosis) {

  static final int LINE_CHARS = 1000;
  static final int CODE_CHARS = 100_000;
  static final int ITEMS = 50;

  /**
   * @param test {@code Class#method}, or "" when none could be built
   * @param source the test's Java source, when the report carries it
   */
  record Reproduction(
      String test, String file, boolean confirmed, List<String> notes, String source) {}

  /** A suspicious line, as ranked. */
  record Location(String file, String line, String score, String code) {}

  record Counts(long generated, long tested, long plausible) {}

  /** How many candidates a gate refused. */
  record GateCount(String gate, long count) {}

  record Fix(
      String diff,
      List<String> files,
      String repairer,
      String confidence,
      String explanation,
      List<String> concerns,
      List<Alternative> alternatives,
      List<Part> parts) {}

  record Alternative(String where, String repairer, String description, List<String> concerns) {}

  /**
   * One part of a fix's confidence.
   *
   * @param shown the weighted value, signed ({@code +0.30})
   * @param size its magnitude, for the bar
   * @param scale the largest part's magnitude: the bars' common scale
   */
  record Part(String name, String shown, double size, double scale, boolean negative) {}

  record Policy(
      String decision,
      String explanation,
      String source,
      String environment,
      String criticality,
      String delivered) {}

  static ReportView of(String report, ObjectMapper json) {
    JsonNode r;
    try {
      r = json.readTree(report);
    } catch (IOException | RuntimeException e) {
      r = null;
    }
    if (r == null || !r.isObject()) {
      return new ReportView(
          false, "", "", null, "", List.of(), null, List.of(), null, null, "", "", List.of(), "");
    }
    JsonNode diagnosis = r.get("diagnosis");
    return new ReportView(
        true,
        JsonText.text(r, "status", 40),
        JsonText.text(r, "reason", LINE_CHARS * 4),
        reproduction(r.get("reproduction")),
        JsonText.text(diagnosis, "summary", LINE_CHARS * 4),
        locations(diagnosis),
        counts(r.get("candidates")),
        rejectedBy(r.get("rejectedBy")),
        fix(r.get("fix")),
        policy(r.get("policy")),
        JsonText.text(r, "branch", 300),
        JsonText.text(r, "commit", 80),
        JsonText.texts(r, "warnings", ITEMS, LINE_CHARS),
        JsonText.text(r.get("llm"), "diagnosis", LINE_CHARS * 4));
  }

  private static Reproduction reproduction(JsonNode p) {
    if (p == null || !p.isObject()) {
      return null;
    }
    return new Reproduction(
        JsonText.text(p, "test", 300),
        JsonText.text(p, "file", 300),
        JsonText.flag(p, "confirmed"),
        JsonText.texts(p, "notes", ITEMS, LINE_CHARS),
        JsonText.text(p, "source", CODE_CHARS));
  }

  private static List<Location> locations(JsonNode diagnosis) {
    List<Location> out = new ArrayList<>();
    JsonNode all = diagnosis == null ? null : diagnosis.get("locations");
    if (all == null || !all.isArray()) {
      return out;
    }
    for (JsonNode l : all) {
      if (out.size() >= ITEMS) {
        break;
      }
      if (l.isObject()) {
        double score = JsonText.number(l, "score");
        out.add(
            new Location(
                JsonText.text(l, "file", 300),
                JsonText.text(l, "line", 12),
                Double.isNaN(score) ? "" : String.format(Locale.ROOT, "%.2f", score),
                JsonText.text(l, "code", LINE_CHARS)));
      }
    }
    return out;
  }

  private static Counts counts(JsonNode c) {
    if (c == null || !c.isObject()) {
      return null;
    }
    return new Counts(count(c, "generated"), count(c, "tested"), count(c, "plausible"));
  }

  private static long count(JsonNode node, String field) {
    double n = JsonText.number(node, field);
    return Double.isNaN(n) ? 0 : (long) n;
  }

  private static List<GateCount> rejectedBy(JsonNode gates) {
    List<GateCount> out = new ArrayList<>();
    if (gates == null || !gates.isObject()) {
      return out;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = gates.fields();
        it.hasNext() && out.size() < ITEMS; ) {
      Map.Entry<String, JsonNode> e = it.next();
      out.add(new GateCount(JsonText.cut(e.getKey(), 100), e.getValue().asLong(0)));
    }
    return out;
  }

  private static Fix fix(JsonNode f) {
    if (f == null || !f.isObject()) {
      return null;
    }
    double confidence = JsonText.number(f, "confidence");
    List<Alternative> alternatives = new ArrayList<>();
    JsonNode alts = f.get("alternatives");
    if (alts != null && alts.isArray()) {
      for (JsonNode a : alts) {
        if (alternatives.size() >= ITEMS) {
          break;
        }
        if (a.isObject()) {
          alternatives.add(
              new Alternative(
                  JsonText.text(a, "where", 300),
                  JsonText.text(a, "repairer", 100),
                  JsonText.text(a, "description", LINE_CHARS),
                  JsonText.texts(a, "concerns", ITEMS, LINE_CHARS)));
        }
      }
    }
    return new Fix(
        JsonText.text(f, "diff", CODE_CHARS),
        JsonText.texts(f, "files", ITEMS, 300),
        JsonText.text(f, "repairer", 100),
        Double.isNaN(confidence) ? "" : String.format(Locale.ROOT, "%.2f", confidence),
        JsonText.text(f, "explanation", LINE_CHARS * 4),
        JsonText.texts(f, "concerns", ITEMS, LINE_CHARS),
        alternatives,
        parts(f.get("confidenceParts")));
  }

  private static List<Part> parts(JsonNode parts) {
    List<String> names = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    if (parts != null && parts.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = parts.fields();
          it.hasNext() && names.size() < ITEMS; ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getValue().isNumber() && Double.isFinite(e.getValue().doubleValue())) {
          names.add(JsonText.cut(e.getKey(), 100));
          values.add(e.getValue().doubleValue());
        }
      }
    }
    double scale = values.stream().mapToDouble(Math::abs).max().orElse(0);
    List<Part> out = new ArrayList<>(names.size());
    for (int i = 0; i < names.size(); i++) {
      double v = values.get(i);
      out.add(
          new Part(
              names.get(i),
              String.format(Locale.ROOT, "%+.2f", v),
              Math.abs(v),
              scale > 0 ? scale : 1,
              v < 0));
    }
    return out;
  }

  private static Policy policy(JsonNode p) {
    if (p == null || !p.isObject()) {
      return null;
    }
    return new Policy(
        JsonText.text(p, "decision", 100),
        JsonText.text(p, "explanation", LINE_CHARS * 2),
        JsonText.text(p, "source", 300),
        JsonText.text(p, "environment", 100),
        JsonText.text(p, "criticality", 100),
        JsonText.text(p, "delivered", LINE_CHARS));
  }
}
