package dev.kintsugi.runtime.rollout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintsugi.runtime.canary.MetricResult;
import java.io.UncheckedIOException;

/**
 * A rollout report as JSON: {@code decision} ({@code promoted}, {@code rolled-back}), {@code
 * reason}, {@code startedAt}, {@code decisionMillis}, {@code canaryReadyMillis}, {@code
 * canaryServedMillis}, {@code canaryPid}, {@code canaryRunning}, and {@code steps}: each with
 * {@code percent}, {@code verdict}, {@code score}, {@code reason}, {@code judgements}, {@code
 * startedAfterMillis}, {@code durationMillis}, {@code baseline}, {@code stable} and {@code canary}
 * ({@code requests}, {@code errors}, {@code buckets}) and {@code metrics} (the judge's numbers per
 * metric; NaN written as the string {@code "NaN"}).
 */
final class ReportJson {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReportJson() {}

  static String write(RolloutReport report) {
    ObjectNode root = JSON.createObjectNode();
    root.put("decision", report.decision().wire());
    root.put("reason", report.reason());
    root.put("startedAt", report.startedAt().toString());
    root.put("decisionMillis", report.decisionMillis());
    root.put("canaryReadyMillis", report.canaryReadyMillis());
    root.put("canaryServedMillis", report.canaryServedMillis());
    if (report.canaryPid().isPresent()) {
      root.put("canaryPid", report.canaryPid().getAsLong());
    } else {
      root.putNull("canaryPid");
    }
    root.put("canaryRunning", report.canaryRunning());
    ArrayNode steps = root.putArray("steps");
    for (StepReport s : report.steps()) {
      ObjectNode step = steps.addObject();
      step.put("percent", s.percent());
      step.put("verdict", s.judgement().verdict().wire());
      step.put("score", s.judgement().score());
      step.put("reason", s.judgement().reason());
      step.put("judgements", s.judgements());
      step.put("startedAfterMillis", s.startedAfterMillis());
      step.put("durationMillis", s.durationMillis());
      step.put("baseline", s.baseline());
      served(step.putObject("stable"), s.stable());
      served(step.putObject("canary"), s.canary());
      ArrayNode metrics = step.putArray("metrics");
      for (MetricResult m : s.judgement().metrics()) {
        ObjectNode metric = metrics.addObject();
        metric.put("name", m.name());
        metric.put("verdict", m.verdict().wire());
        metric.put("critical", m.critical());
        metric.put("baselineCount", m.baselineCount());
        metric.put("canaryCount", m.canaryCount());
        metric.put("baselineMedian", m.baselineMedian());
        metric.put("canaryMedian", m.canaryMedian());
        metric.put("shift", m.shift());
        metric.put("relativeShift", m.relativeShift());
        metric.put("u", m.u());
        metric.put("pValue", m.pValue());
        metric.put("reason", m.reason());
      }
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e); // a tree of plain values always writes
    }
  }

  private static void served(ObjectNode node, StepReport.Served served) {
    node.put("requests", served.requests());
    node.put("errors", served.errors());
    node.put("buckets", served.buckets());
  }
}
