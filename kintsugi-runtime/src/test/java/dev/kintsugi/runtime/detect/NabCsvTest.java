package dev.kintsugi.runtime.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NabCsvTest {

  @TempDir Path dir;

  private static List<SeriesPoint> read(String text) throws Exception {
    return NabCsv.read(new BufferedReader(new StringReader(text)), "in.csv");
  }

  @Test
  void readsNabTimestampsWithAHeaderAsUtc() throws Exception {
    List<SeriesPoint> points =
        read("timestamp,value\n2014-04-01 00:00:00,20\n2014-04-01 00:05:00,21.5\n");

    assertThat(points)
        .extracting(SeriesPoint::at)
        .containsExactly(
            Instant.parse("2014-04-01T00:00:00Z"), Instant.parse("2014-04-01T00:05:00Z"));
    assertThat(points).extracting(SeriesPoint::value).containsExactly(20.0, 21.5);
    assertThat(points.get(0).line()).isEqualTo(2);
  }

  @Test
  void readsIso8601WithoutAHeaderAndAllowsGaps() throws Exception {
    List<SeriesPoint> points =
        read(
            "2014-04-01T00:00:00Z,1\r\n2014-04-01T03:00:00+02:00,2\r\n\r\n"
                + "2014-04-03T00:00:00.5,3\r\n");

    assertThat(points)
        .extracting(SeriesPoint::at)
        .containsExactly(
            Instant.parse("2014-04-01T00:00:00Z"),
            Instant.parse("2014-04-01T01:00:00Z"),
            Instant.parse("2014-04-03T00:00:00.5Z"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "non-numeric value | 2014-04-01 00:00:00,1\\n2014-04-01 00:05:00,abc | in.csv:2: value is not a number: 'abc'",
        "NaN | 2014-04-01 00:00:00,NaN | in.csv:1: value must be finite, was 'NaN'",
        "Infinity | 2014-04-01 00:00:00,-Infinity | in.csv:1: value must be finite, was '-Infinity'",
        "unsorted | 2014-04-01 00:05:00,1\\n2014-04-01 00:00:00,2 | in.csv:2: timestamps must increase: 2014-04-01 00:00:00 comes before 2014-04-01 00:05:00 on line 1",
        "duplicate | timestamp,value\\n2014-04-01 00:00:00,1\\n2014-04-01 00:00:00,2 | in.csv:3: duplicate timestamp 2014-04-01 00:00:00 (also on line 2)",
        "three columns | 2014-04-01 00:00:00,1,0.5 | in.csv:1: expected 2 columns (timestamp,value), found 3: 2014-04-01 00:00:00,1,0.5",
        "one column | 2014-04-01 00:00:00 | in.csv:1: expected 2 columns (timestamp,value), found 1: 2014-04-01 00:00:00",
        "bad timestamp | yesterday,1 | in.csv:1: bad timestamp 'yesterday': expected 2014-04-01 00:00:00 or ISO-8601 (2014-04-01T00:00:00Z)",
        "empty | '' | in.csv: no data points (expected timestamp,value lines)",
        "header only | timestamp,value\\n | in.csv: no data points (expected timestamp,value lines)",
      })
  void badInputIsAnErrorNamingTheLine(String what, String text, String message) {
    assertThatThrownBy(() -> read(text.replace("\\n", "\n")))
        .isInstanceOf(SeriesFormatException.class)
        .hasMessage(message);
  }

  @Test
  void writesTheNabOutputEchoingTimestampAndValue() throws Exception {
    Path file = dir.resolve("s.csv");
    Files.writeString(
        file,
        "timestamp,value\n2014-04-01 00:00:00,20\n2014-04-01 00:05:00,1e1\n",
        StandardCharsets.UTF_8);
    List<SeriesPoint> points = NabCsv.read(file);
    StringWriter out = new StringWriter();

    NabCsv.write(out, points, new double[] {0, 0.25});

    assertThat(out.toString())
        .isEqualTo(
            "timestamp,value,anomaly_score\n"
                + "2014-04-01 00:00:00,20,0.000000\n"
                + "2014-04-01 00:05:00,1e1,0.250000\n");
  }

  @Test
  void quotesAtMostSixtyCharactersOfABadLineWithoutControlCharacters() {
    String junk = "x\u001b[31m".repeat(30);
    assertThatThrownBy(() -> read("2014-04-01 00:00:00," + junk))
        .hasMessageStartingWith("in.csv:1: value is not a number: 'x?[31m")
        .hasMessageEndingWith("…'")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u001b"));
  }
}
