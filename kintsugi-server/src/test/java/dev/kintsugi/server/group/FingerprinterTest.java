package dev.kintsugi.server.group;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FingerprinterTest {
  private final ObjectMapper json = new ObjectMapper();
  private final Fingerprinter fingerprinter = new Fingerprinter();

  private JsonNode event(String text) throws Exception {
    return json.readTree(text.replace('\'', '"'));
  }

  private static String exception(String type, String value, String... frames) {
    StringBuilder f = new StringBuilder();
    for (String frame : frames) {
      String[] p = frame.split("#");
      if (f.length() > 0) {
        f.append(',');
      }
      f.append("{'module': '")
          .append(p[0])
          .append("', 'function': '")
          .append(p[1])
          .append("', 'lineno': ")
          .append(p.length > 2 ? p[2] : "1")
          .append(", 'in_app': ")
          .append(p[0].startsWith("com.acme"))
          .append('}');
    }
    return "{'exception': {'values': [{'type': '"
        + type
        + "', 'module': 'java.lang', 'value': '"
        + value
        + "', 'stacktrace': {'frames': ["
        + f
        + "]}}]}}";
  }

  private Grouping group(String event) throws Exception {
    return fingerprinter.group(event(event), List.of());
  }

  @Nested
  class ByException {
    @Test
    void ignoresLineNumbersMessagesAndLibraryFrames() throws Exception {
      Grouping a =
          group(exception("IllegalStateException", "id 1", "org.lib.A#x#3", "com.acme.Svc#run#10"));
      Grouping b =
          group(exception("IllegalStateException", "id 2", "org.lib.B#y#9", "com.acme.Svc#run#42"));
      assertThat(a.fingerprint()).isEqualTo(b.fingerprint());
      assertThat(a.title()).isEqualTo("IllegalStateException: id 1");
      assertThat(a.culprit()).isEqualTo("com.acme.Svc.run:10");
    }

    @Test
    void differentSiteOrTypeIsAnotherIncident() throws Exception {
      Grouping a = group(exception("IllegalStateException", "", "com.acme.Svc#run"));
      Grouping b = group(exception("IllegalStateException", "", "com.acme.Svc#stop"));
      Grouping c = group(exception("NullPointerException", "", "com.acme.Svc#run"));
      assertThat(a.fingerprint()).isNotEqualTo(b.fingerprint()).isNotEqualTo(c.fingerprint());
    }

    @Test
    void normalisesLambdaAndGeneratedNames() throws Exception {
      Grouping a =
          group(
              exception(
                  "E",
                  "",
                  "com.acme.Svc$$Lambda$123/0x0000000800c02a00#apply",
                  "com.acme.Svc#lambda$run$0",
                  "com.acme.Repo$$EnhancerBySpringCGLIB$$1a2b3c#save",
                  "com.acme.Repo$ByteBuddy$abc123#load"));
      Grouping b =
          group(
              exception(
                  "E",
                  "",
                  "com.acme.Svc$$Lambda/0x0000000801234567#apply",
                  "com.acme.Svc#lambda$run$7",
                  "com.acme.Repo$$EnhancerBySpringCGLIB$$ffee99#save",
                  "com.acme.Repo$ByteBuddy$zz9#load"));
      assertThat(a.fingerprint()).isEqualTo(b.fingerprint());
    }

    @Test
    void projectPrefixesDecideWhatIsInApp() throws Exception {
      JsonNode a = event(exception("E", "", "org.lib.A#x", "net.mine.Svc#run"));
      JsonNode b = event(exception("E", "", "org.lib.B#y", "net.mine.Svc#run"));
      assertThat(fingerprinter.group(a, List.of("net.mine")).fingerprint())
          .isEqualTo(fingerprinter.group(b, List.of("net.mine")).fingerprint());
    }
  }

  @Nested
  class ByFingerprintOrMessage {
    @Test
    void ownFingerprintWinsAndDefaultExpands() throws Exception {
      String ex = exception("E", "", "com.acme.Svc#run");
      Grouping custom =
          group(ex.replace("{'exception'", "{'fingerprint': ['db-down'], 'exception'"));
      Grouping other =
          group(
              exception("F", "", "com.acme.X#y")
                  .replace("{'exception'", "{'fingerprint': ['db-down'], 'exception'"));
      Grouping withDefault =
          group(ex.replace("{'exception'", "{'fingerprint': ['{{ default }}', 'eu'], 'exception'"));
      assertThat(custom.fingerprint()).isEqualTo(other.fingerprint());
      assertThat(withDefault.fingerprint())
          .isNotEqualTo(custom.fingerprint())
          .isNotEqualTo(group(ex).fingerprint());
    }

    @Test
    void messagesGroupWithNumbersAndIdsNormalised() throws Exception {
      Grouping a =
          group("{'message': 'user 42 failed, request 123e4567-e89b-12d3-a456-426614174000'}");
      Grouping b =
          group("{'message': 'user 7 failed, request 00000000-0000-0000-0000-000000000001'}");
      Grouping c = group("{'logentry': {'formatted': 'disk full'}}");
      assertThat(a.fingerprint()).isEqualTo(b.fingerprint()).isNotEqualTo(c.fingerprint());
      assertThat(c.title()).isEqualTo("disk full");
    }
  }

  @Test
  void frameNames() {
    assertThat(FrameNames.function("lambda$foo$0")).isEqualTo("lambda$foo");
    assertThat(FrameNames.function("lambda$static$12")).isEqualTo("lambda$static");
    assertThat(FrameNames.module("a.B$$Lambda$123/0x0000000800c02a00")).isEqualTo("a.B$$Lambda");
    assertThat(FrameNames.module("a.B$$SpringCGLIB$$0")).isEqualTo("a.B$$SpringCGLIB");
    assertThat(FrameNames.module("jdk.proxy2.$Proxy12")).isEqualTo("jdk.proxy.$Proxy");
    assertThat(FrameNames.module("a.B$MockitoMock$1234")).isEqualTo("a.B$MockitoMock");
  }
}
