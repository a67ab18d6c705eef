package dev.kintsugi.agent.internal.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SnapshotterTest {
  static final ObjectMapper JSON = new ObjectMapper();
  final Snapshotter snapshotter = new Snapshotter(SnapshotLimits.defaults());

  JsonNode snap(Object v) throws Exception {
    return JSON.readTree(snapshotter.value(v));
  }

  enum Color {
    RED,
    GREEN {
      @Override
      public String toString() {
        return "not the name";
      }
    }
  }

  static class Base {
    int shared = 1;
    String baseOnly = "b";
    static String ignoredStatic = "s";
  }

  static final class Derived extends Base {
    int shared = 2;
    transient String ignoredTransient = "t";
    final long count = 7;
  }

  /** Fails the test if the agent touches its identity methods. */
  static final class Touchy {
    final String label = "x";

    @Override
    public String toString() {
      throw new AssertionError("toString called");
    }

    @Override
    public int hashCode() {
      throw new AssertionError("hashCode called");
    }

    @Override
    public boolean equals(Object o) {
      throw new AssertionError("equals called");
    }
  }

  record Point(int x, int y, String label) {}

  static final class Node {
    final String name;
    Node next;

    Node(String name) {
      this.name = name;
    }
  }

  static final class Secrets {
    final String user = "ada";
    final String password = "hunter2";
    final String apiKey = "k-1";
    final Map<String, String> headers = new LinkedHashMap<>();
  }

  @Nested
  class Values {
    @Test
    void scalarsAndTheirBoxes() throws Exception {
      JsonNode a =
          snap(
              new Object[] {
                null,
                true,
                (byte) 1,
                (short) 2,
                3,
                4L,
                1.5f,
                2.5d,
                'c',
                "text",
                Color.RED,
                new StringBuilder("sb")
              });
      assertThat(a.get(0).isNull()).isTrue();
      assertThat(a.get(1).isBoolean()).isTrue();
      assertThat(a.get(2).isIntegralNumber()).isTrue();
      assertThat(a.get(3).asInt()).isEqualTo(2);
      assertThat(a.get(4).asInt()).isEqualTo(3);
      assertThat(a.get(5).asLong()).isEqualTo(4L);
      assertThat(a.get(6).asDouble()).isEqualTo(1.5);
      assertThat(a.get(7).asDouble()).isEqualTo(2.5);
      assertThat(a.get(8).asText()).isEqualTo("c");
      assertThat(a.get(9).asText()).isEqualTo("text");
      assertThat(a.get(10).asText()).isEqualTo("RED");
      assertThat(a.get(11).asText()).isEqualTo("sb");
    }

    @Test
    void nonFiniteNumbersAreStrings() throws Exception {
      JsonNode a =
          snap(new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY});
      assertThat(a.get(0).asText()).isEqualTo("NaN");
      assertThat(a.get(1).asText()).isEqualTo("Infinity");
      assertThat(a.get(2).asText()).isEqualTo("-Infinity");
      assertThat(snap(Float.NaN).asText()).isEqualTo("NaN");
    }

    @Test
    void enumsAreTheirNameNotToString() throws Exception {
      assertThat(snap(Color.GREEN).asText()).isEqualTo("GREEN");
    }

    @Test
    void valueTypesAreClassAndToString() throws Exception {
      UUID id = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
      JsonNode a =
          snap(
              List.of(
                  new BigDecimal("12.50"),
                  new BigInteger("123456789012345678901234567890"),
                  id,
                  LocalDate.of(2024, 2, 29),
                  Instant.parse("2024-01-01T00:00:00Z"),
                  Duration.ofSeconds(90)));
      assertThat(a.get(0).path("@class").asText()).isEqualTo("java.math.BigDecimal");
      assertThat(a.get(0).path("value").asText()).isEqualTo("12.50");
      assertThat(a.get(1).path("value").asText()).isEqualTo("123456789012345678901234567890");
      assertThat(a.get(2).path("@class").asText()).isEqualTo("java.util.UUID");
      assertThat(a.get(2).path("value").asText()).isEqualTo(id.toString());
      assertThat(a.get(3).path("@class").asText()).isEqualTo("java.time.LocalDate");
      assertThat(a.get(3).path("value").asText()).isEqualTo("2024-02-29");
      assertThat(a.get(4).path("value").asText()).isEqualTo("2024-01-01T00:00:00Z");
      assertThat(a.get(5).path("value").asText()).isEqualTo("PT1M30S");
      assertThat(a.get(0).size()).isEqualTo(2);
    }

    @Test
    void arraysCollectionsAndMaps() throws Exception {
      assertThat(snap(new int[] {1, 2}).toString()).isEqualTo("[1,2]");
      assertThat(snap(new char[] {'a'}).toString()).isEqualTo("[\"a\"]");
      assertThat(snap(new TreeSet<>(Set.of("b", "a"))).toString()).isEqualTo("[\"a\",\"b\"]");
      Map<Object, Object> m = new LinkedHashMap<>();
      m.put(1, "one");
      m.put(null, List.of(true));
      assertThat(snap(m).toString()).isEqualTo("{\"1\":\"one\",\"null\":[true]}");
    }

    @Test
    void objectsListInstanceFieldsOfClassThenSuperclassesWithoutHiddenStaticOrTransient()
        throws Exception {
      JsonNode o = snap(new Derived());
      List<String> names = new ArrayList<>();
      o.fieldNames().forEachRemaining(names::add);
      assertThat(names).containsExactly("@class", "shared", "count", "baseOnly");
      assertThat(o.path("@class").asText())
          .isEqualTo("dev.kintsugi.agent.internal.snapshot.SnapshotterTest$Derived");
      assertThat(o.path("shared").asInt()).isEqualTo(2);
      assertThat(o.path("count").asLong()).isEqualTo(7);
    }

    @Test
    void recordsListTheirComponentsInOrder() throws Exception {
      JsonNode o = snap(new Point(3, 4, "p"));
      List<String> names = new ArrayList<>();
      o.fieldNames().forEachRemaining(names::add);
      assertThat(names).containsExactly("@class", "x", "y", "label");
      assertThat(o.path("y").asInt()).isEqualTo(4);
    }

    @Test
    void neverCallsToStringHashCodeOrEqualsOfApplicationObjects() throws Exception {
      Touchy t = new Touchy();
      JsonNode a = snap(new Object[] {t, t, List.of(t)});
      assertThat(a.get(0).path("label").asText()).isEqualTo("x");
      assertThat(a.get(1).path("label").asText()).isEqualTo("x");
    }
  }

  @Nested
  class Limits {
    @Test
    void objectsDeeperThanFourLevelsAreMarked() throws Exception {
      // arg (0) → l1 (1) → l2 (2) → l3 (3) → l4 (4) → l5 (5): l5 is cut, scalars of l4 stay.
      Node head = new Node("l0");
      Node n = head;
      for (int i = 1; i <= 6; i++) {
        n.next = new Node("l" + i);
        n = n.next;
      }
      JsonNode o = snap(head);
      JsonNode l4 = o.path("next").path("next").path("next").path("next");
      assertThat(l4.path("name").asText()).isEqualTo("l4");
      assertThat(l4.path("next").asText()).isEqualTo(Snapshotter.DEPTH);
      assertThat(snap(List.of(List.of(List.of(List.of(List.of(List.of(1))))))).toString())
          .isEqualTo("[[[[[\"<kintsugi:depth>\"]]]]]");
    }

    @Test
    void longStringsKeepTheFirst1024CharactersAndTheMarker() throws Exception {
      String s = "a".repeat(2000);
      assertThat(snap(s).asText()).isEqualTo("a".repeat(1024) + Snapshotter.TRUNCATED);
      assertThat(snap("b".repeat(1024)).asText()).isEqualTo("b".repeat(1024));
    }

    @Test
    void aSurrogatePairIsNeverCutInHalf() throws Exception {
      String s = "a".repeat(1023) + "😀" + "tail";
      assertThat(snap(s).asText()).isEqualTo("a".repeat(1023) + Snapshotter.TRUNCATED);
    }

    @Test
    void arraysAndCollectionsKeep100ElementsThenTheMarker() throws Exception {
      JsonNode a = snap(new int[150]);
      assertThat(a.size()).isEqualTo(101);
      assertThat(a.get(100).asText()).isEqualTo(Snapshotter.TRUNCATED);
      List<Integer> list = new ArrayList<>(Collections.nCopies(101, 5));
      assertThat(snap(list).get(100).asText()).isEqualTo(Snapshotter.TRUNCATED);
      assertThat(snap(new ArrayList<>(Collections.nCopies(100, 5))).size()).isEqualTo(100);
    }

    @Test
    void mapsKeep100EntriesThenTheMarkerKey() throws Exception {
      Map<String, Integer> m = new LinkedHashMap<>();
      for (int i = 0; i < 120; i++) {
        m.put("k" + i, i);
      }
      JsonNode o = snap(m);
      assertThat(o.size()).isEqualTo(101);
      assertThat(o.path(Snapshotter.TRUNCATED).asBoolean()).isTrue();
      assertThat(o.path("k99").asInt()).isEqualTo(99);
      assertThat(o.has("k100")).isFalse();
    }

    @Test
    void objectsKeep50FieldsThenTheMarkerKey() throws Exception {
      JsonNode o = snap(new Wide());
      assertThat(o.size()).isEqualTo(1 + 50 + 1);
      assertThat(o.path(Snapshotter.TRUNCATED).asBoolean()).isTrue();
      assertThat(o.has("f49")).isTrue();
      assertThat(o.has("f50")).isFalse();
    }

    @Test
    void aFrameStopsGrowingAtItsBudgetAndStaysValidJson() throws Exception {
      List<String> big = new ArrayList<>(Collections.nCopies(100, "x".repeat(1000)));
      String frame =
          snapshotter.frame(null, false, new String[] {"a", "b", "c"}, new Object[] {big, big, 1});
      JsonNode o = JSON.readTree(frame);
      assertThat(frame.length()).isLessThan(16 * 1024 + 2 * 1100);
      assertThat(o.path("a").get(o.path("a").size() - 1).asText()).isEqualTo(Snapshotter.TRUNCATED);
      assertThat(o.path(Snapshotter.TRUNCATED).asBoolean()).isTrue();
      assertThat(o.has("b")).isFalse();
    }

    @Test
    void cyclesAreMarkedButSharedReferencesAreWrittenTwice() throws Exception {
      Node a = new Node("a");
      a.next = new Node("b");
      a.next.next = a;
      JsonNode o = snap(a);
      assertThat(o.path("next").path("next").asText()).isEqualTo(Snapshotter.CYCLE);
      List<Object> self = new ArrayList<>();
      self.add(self);
      assertThat(snap(self).toString()).isEqualTo("[\"<kintsugi:cycle>\"]");
      Node shared = new Node("s");
      assertThat(snap(new Object[] {shared, shared}).get(1).path("name").asText()).isEqualTo("s");
    }
  }

  @Nested
  class Unreadable {
    @Test
    void jdkInternalsRefusedByTheModuleSystemAreUnreadable() throws Exception {
      JsonNode o = snap(Optional.of("x"));
      assertThat(o.path("@class").asText()).isEqualTo("java.util.Optional");
      assertThat(o.path("value").asText()).isEqualTo(Snapshotter.UNREADABLE);
    }

    @Test
    void aCollectionThatThrowsWhileIteratedIsUnreadableAndTheRestStays() throws Exception {
      List<Integer> broken =
          new AbstractList<Integer>() {
            @Override
            public Integer get(int index) {
              return 1;
            }

            @Override
            public int size() {
              return 3;
            }

            @Override
            public Iterator<Integer> iterator() {
              throw new IllegalStateException("lazy proxy not initialised");
            }
          };
      JsonNode a = snap(new Object[] {broken, "after"});
      assertThat(a.get(0).asText()).isEqualTo(Snapshotter.UNREADABLE);
      assertThat(a.get(1).asText()).isEqualTo("after");
    }

    @Test
    void aCharSequenceThatThrowsIsUnreadable() throws Exception {
      CharSequence cs =
          new CharSequence() {
            @Override
            public int length() {
              return 0;
            }

            @Override
            public char charAt(int index) {
              return 0;
            }

            @Override
            public CharSequence subSequence(int start, int end) {
              return this;
            }

            @Override
            public String toString() {
              throw new IllegalStateException("no");
            }
          };
      assertThat(snap(cs).asText()).isEqualTo(Snapshotter.UNREADABLE);
    }
  }

  @Nested
  class Scrubbing {
    @Test
    void fieldsMapKeysAndParametersNamedLikeSecretsAreFiltered() throws Exception {
      Secrets s = new Secrets();
      s.headers.put("Cookie", "sid=1");
      s.headers.put("Accept", "json");
      JsonNode o = snap(s);
      assertThat(o.path("user").asText()).isEqualTo("ada");
      assertThat(o.path("password").asText()).isEqualTo("[Filtered]");
      assertThat(o.path("apiKey").asText()).isEqualTo("[Filtered]");
      assertThat(o.path("headers").path("Cookie").asText()).isEqualTo("[Filtered]");
      assertThat(o.path("headers").path("Accept").asText()).isEqualTo("json");
      String frame =
          snapshotter.frame(
              null, false, new String[] {"login", "password"}, new Object[] {"ada", "hunter2"});
      assertThat(frame).isEqualTo("{\"login\":\"ada\",\"password\":\"[Filtered]\"}");
    }

    @Test
    void cardNumbersInsideStringsAreFilteredAtAnyDepth() throws Exception {
      Map<String, Object> m = new HashMap<>();
      m.put("note", List.of("card 4111 1111 1111 1111 ok"));
      assertThat(snap(m).path("note").get(0).asText()).isEqualTo("card [Filtered] ok");
      String longText = "x".repeat(1010) + " 4111111111111111 tail " + "y".repeat(100);
      assertThat(snap(longText).asText()).doesNotContain("4111").endsWith(Snapshotter.TRUNCATED);
    }
  }

  @Nested
  class Frames {
    @Test
    void thisComesFirstThenParametersInOrder() throws Exception {
      String frame =
          snapshotter.frame(
              new Point(1, 2, "p"), true, new String[] {"b", "a"}, new Object[] {"B", 1});
      assertThat(frame).startsWith("{\"this\":{\"@class\":");
      List<String> names = new ArrayList<>();
      JSON.readTree(frame).fieldNames().forEachRemaining(names::add);
      assertThat(names).containsExactly("this", "b", "a");
    }

    @Test
    void staticFramesHaveNoThisAndMissingNamesAreArgN() throws Exception {
      String frame = snapshotter.frame(null, false, new String[0], new Object[] {7, null});
      assertThat(frame).isEqualTo("{\"arg0\":7,\"arg1\":null}");
    }
  }

  /** 60 fields. */
  @SuppressWarnings("unused")
  static final class Wide {
    int f0, f1, f2, f3, f4, f5, f6, f7, f8, f9;
    int f10, f11, f12, f13, f14, f15, f16, f17, f18, f19;
    int f20, f21, f22, f23, f24, f25, f26, f27, f28, f29;
    int f30, f31, f32, f33, f34, f35, f36, f37, f38, f39;
    int f40, f41, f42, f43, f44, f45, f46, f47, f48, f49;
    int f50, f51, f52, f53, f54, f55, f56, f57, f58, f59;
  }
}
