package dev.kintsugi.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code kintsugi detect}, run in process on real files. */
class DetectCommandTest {

  private static final DateTimeFormatter NAB =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  @TempDir Path dir;
  @RegisterExtension final ConsoleCapture console = new ConsoleCapture();

  /** 1,500 five-minute points of noise around 50, one spike of +12 at point 1,200. */
  private Path series() throws Exception {
    Random random = new Random(42);
    StringBuilder csv = new StringBuilder("timestamp,value\n");
    Instant t = Instant.parse("2014-04-01T00:00:00Z");
    for (int i = 0; i < 1500; i++) {
      double v = 50 + random.nextGaussian() + (i == 1200 ? 12 : 0);
      csv.append(NAB.format(t.plusSeconds(300L * i))).append(',').append(v).append('\n');
    }
    Path file = dir.resolve("series.csv");
    Files.writeString(file, csv);
    return file;
  }

  @Test
  void printsTheNabScoreFileAndFlagsTheSpike() throws Exception {
    int code = KintsugiCommand.execute("detect", "--csv", series().toString());

    assertThat(code).isZero();
    List<String> lines = console.out().lines().toList();
    assertThat(lines).hasSize(1501);
    assertThat(lines.get(0)).isEqualTo("timestamp,value,anomaly_score");
    assertThat(lines.get(1)).startsWith("2014-04-01 00:00:00,");
    double[] scores =
        lines.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",")[2])).toArray();
    assertThat(java.util.Arrays.stream(scores).allMatch(s -> s >= 0 && s <= 1)).isTrue();
    assertThat(scores[1200]).isGreaterThanOrEqualTo(0.99);
  }

  @Test
  void takesADetectorByName() throws Exception {
    assertThat(
            KintsugiCommand.execute("detect", "--csv", series().toString(), "--detector", "bocpd"))
        .isZero();
    assertThat(console.out().lines()).hasSize(1501);
  }

  @Test
  void badInputExitsTwoWithOneLineNamingTheLineAndPrintsNothing() throws Exception {
    Path file = dir.resolve("bad.csv");
    Files.writeString(file, "timestamp,value\n2014-04-01 00:00:00,1\n2014-04-01 00:05:00,NaN\n");

    int code = KintsugiCommand.execute("detect", "--csv", file.toString());

    assertThat(code).isEqualTo(2);
    assertThat(console.out()).isEmpty();
    assertThat(console.err())
        .isEqualTo(
            "kintsugi: " + file + ":3: value must be finite, was 'NaN'" + System.lineSeparator());
  }

  @Test
  void anUnknownDetectorOrAMissingFileExitsTwo() throws Exception {
    assertThat(
            KintsugiCommand.execute("detect", "--csv", series().toString(), "--detector", "magic"))
        .isEqualTo(2);
    assertThat(KintsugiCommand.execute("detect", "--csv", dir.resolve("none.csv").toString()))
        .isEqualTo(2);
    assertThat(console.err())
        .contains("unknown detector 'magic': use one of seasonal, holt-winters, bocpd, iforest")
        .contains("no such file: ");
  }
}
