package dev.kintsugi.cli;

import dev.kintsugi.heal.ExitCode;
import dev.kintsugi.runtime.detect.Detector;
import dev.kintsugi.runtime.detect.Detectors;
import dev.kintsugi.runtime.detect.NabCsv;
import dev.kintsugi.runtime.detect.SeriesPoint;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kintsugi detect --csv FILE [--detector NAME]}: offline anomaly scoring in the NAB data
 * format. The whole file is checked before anything is printed, so bad input gives exit code 2, a
 * one-line reason naming the line, and no partial output.
 */
@Command(
    name = "detect",
    mixinStandardHelpOptions = true,
    description = {
      "Score a series for anomalies: reads timestamp,value lines (NAB format, header optional) and"
          + " prints timestamp,value,anomaly_score with scores in [0, 1]."
    })
final class DetectCommand implements Callable<Integer> {

  @Option(
      names = "--csv",
      required = true,
      paramLabel = "FILE",
      description = "The series: timestamp,value lines, timestamps increasing.")
  Path csv;

  @Option(
      names = "--detector",
      paramLabel = "NAME",
      description =
          "seasonal, holt-winters, bocpd, iforest or ensemble (default: ${DEFAULT-VALUE}).")
  String detector = Detectors.DEFAULT;

  @Override
  public Integer call() {
    Detector d;
    List<SeriesPoint> points;
    try {
      d = Detectors.create(detector);
      points = NabCsv.read(csv);
    } catch (NoSuchFileException e) {
      return bad("no such file: " + csv);
    } catch (IOException e) {
      return bad("cannot read " + csv + ": " + e.getMessage());
    } catch (IllegalArgumentException e) {
      return bad(e.getMessage());
    }
    double[] scores = NabCsv.score(d, points);
    try {
      Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
      NabCsv.write(out, points, scores);
      out.flush();
    } catch (IOException e) {
      return bad("cannot write the scores: " + e.getMessage());
    }
    return ExitCode.SUCCESS;
  }

  private static int bad(String message) {
    System.err.println("kintsugi: " + message);
    return ExitCode.BAD_INPUT;
  }
}
