package dev.kintsugi.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProjectStateTest {

  /** "The project's classes" of these tests: the nested classes below. */
  private static final Predicate<Class<?>> OURS =
      c -> c.getName().startsWith(ProjectStateTest.class.getName() + "$");

  static final class Registry {
    static int calls;
    static final List<String> names = new ArrayList<>();
    static Bean current;
  }

  static final class Bean {
    int count;
    String label = "fresh";
    final Map<String, Integer> cache = new HashMap<>();
    final AtomicInteger hits = new AtomicInteger();
    final int[] slots = new int[3];
    final List<String> fixed = Arrays.asList("a", "b");
    Bean child;
  }

  static final class Constants {
    static final String NAME = "x";
    static final Bean SHARED = new Bean();
  }

  static final class NeverInitialized {
    static int calls;
  }

  static final class Immutable {
    static final Immutable ONE = new Immutable(1);
    final int value;

    Immutable(int value) {
      this.value = value;
    }
  }

  private Bean bean;

  @BeforeEach
  void reset() {
    Registry.calls = 0;
    Registry.names.clear();
    Registry.current = null;
    bean = new Bean();
    bean.child = new Bean();
  }

  @Test
  void putsBackStaticsBeanFieldsAndContainersAsCaptured() throws Exception {
    Registry.names.add("first");
    ProjectState state = ProjectState.capture(List.of(Registry.class), List.of(bean), OURS);
    Bean child = bean.child;

    Registry.calls = 7;
    Registry.names.add("second");
    Registry.current = new Bean();
    bean.count = 3;
    bean.label = "dirty";
    bean.cache.put("k", 1);
    bean.hits.incrementAndGet();
    bean.slots[1] = 9;
    bean.fixed.set(0, "z");
    bean.child = new Bean();
    child.count = 5;

    assertThat(state.restore()).isEmpty();

    assertThat(Registry.calls).isZero();
    assertThat(Registry.names).containsExactly("first");
    assertThat(Registry.current).isNull();
    assertThat(bean.count).isZero();
    assertThat(bean.label).isEqualTo("fresh");
    assertThat(bean.cache).isEmpty();
    assertThat(bean.hits.get()).isZero();
    assertThat(bean.slots).containsExactly(0, 0, 0);
    assertThat(bean.fixed).containsExactly("a", "b");
    // The same objects are put back, and the objects they reach are reset too.
    assertThat(bean.child).isSameAs(child);
    assertThat(child.count).isZero();
  }

  @Test
  void restoringTwiceStartsEachCandidateFromTheSameState() throws Exception {
    ProjectState state = ProjectState.capture(List.of(), List.of(bean), OURS);
    for (int candidate = 0; candidate < 3; candidate++) {
      assertThat(bean.count).isZero();
      bean.count++;
      bean.cache.put("k" + candidate, candidate);
      assertThat(state.restore()).isEmpty();
    }
    assertThat(bean.cache).isEmpty();
  }

  @Test
  void libraryObjectsAreSharedNotTracked() throws Exception {
    StringBuilder library = new StringBuilder("as is");
    Map<String, Object> holder = new HashMap<>(Map.of("sb", library));
    ProjectState state = ProjectState.capture(List.of(), List.of(holder), OURS);

    library.append("!");

    assertThat(state.restore()).isEmpty();
    assertThat(holder.get("sb")).isSameAs(library);
    assertThat(library).hasToString("as is!");
  }

  @Test
  void classesInitializedLaterCountOnlyWhenTheyHoldChangeableState() throws Exception {
    ProjectState state = ProjectState.capture(List.of(), List.of(), OURS);
    for (Class<?> type : List.of(Constants.class, Immutable.class)) {
      Class.forName(type.getName(), true, type.getClassLoader()); // "during a candidate"
    }

    assertThat(state.holdsState(NeverInitialized.class)).isFalse(); // no state before its init
    assertThat(state.holdsState(Registry.class)).isTrue(); // a non-final static
    assertThat(state.holdsState(Constants.class)).isTrue(); // a final static with mutable fields
    assertThat(state.holdsState(Immutable.class)).isFalse(); // a constant of final fields only
    assertThat(state.capturedStaticsOf(Registry.class)).isFalse();
  }

  @Test
  void tooMuchStateIsRefused() {
    List<Object> many = new ArrayList<>();
    for (int i = 0; i <= ProjectState.MAX_OBJECTS; i++) {
      many.add(new Bean());
    }

    assertThatThrownBy(() -> ProjectState.capture(List.of(), List.of(many), OURS))
        .isInstanceOf(ProjectState.UntrackableException.class)
        .hasMessageContaining("more than");
  }
}
