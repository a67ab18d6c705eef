package dev.kintsugi.agent.internal.instrument;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintsugi.agent.internal.bridge.Bridge;
import dev.kintsugi.agent.internal.capture.AgentSink;
import dev.kintsugi.agent.internal.capture.Capturer;
import dev.kintsugi.agent.internal.capture.FrameRecord;
import dev.kintsugi.agent.internal.capture.ThrowRecords;
import dev.kintsugi.agent.internal.config.Packages;
import dev.kintsugi.agent.internal.snapshot.SnapshotLimits;
import dev.kintsugi.agent.internal.snapshot.Snapshotter;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The argument advice applied by ByteBuddy exactly as the agent applies it, to the fixture classes
 * loaded in a class loader of their own (no agent needed in the test JVM).
 */
class InstrumenterTest {
  static final ObjectMapper JSON = new ObjectMapper();

  final ThrowRecords records = new ThrowRecords(100, 32);
  final List<Object> captured = new ArrayList<>();
  ClassLoader loader;

  @BeforeEach
  void install() {
    Bridge.install(
        new AgentSink(
            new Snapshotter(SnapshotLimits.defaults()),
            records,
            new Capturer(records, 100, captured::add, Clock.systemUTC())));
    loader = new TransformingLoader(Packages.parse("com.acme"));
  }

  @AfterEach
  void uninstall() {
    Bridge.install(null);
  }

  Object call(String className, String method, Object target, Object... args) throws Throwable {
    Class<?> type = Class.forName(className, true, loader);
    for (Method m : type.getDeclaredMethods()) {
      if (m.getName().equals(method) && m.getParameterCount() == args.length) {
        m.setAccessible(true);
        try {
          return m.invoke(target, args);
        } catch (InvocationTargetException e) {
          throw e.getCause();
        }
      }
    }
    throw new AssertionError("no method " + method);
  }

  static JsonNode vars(FrameRecord r) throws IOException {
    return JSON.readTree(r.varsJson());
  }

  @Test
  void recordsEachInAppFrameAnExceptionLeavesWithThisAndNamedArguments() throws Throwable {
    Object order = call("com.acme.orders.OrderService", "badOrder", null);
    Object service =
        Class.forName("com.acme.orders.OrderService", true, loader)
            .getConstructor(String.class)
            .newInstance("test-store");
    Throwable thrown = null;
    try {
      call("com.acme.orders.OrderService", "place", service, order, "SPRING", "tok-123");
    } catch (RuntimeException e) {
      thrown = e;
    }
    assertThat(thrown.getClass().getName()).isEqualTo("com.acme.orders.OrderRejected");

    List<FrameRecord> root = records.take(thrown.getCause());
    assertThat(root).extracting(FrameRecord::methodName).containsExactly("total", "validate");
    assertThat(root.get(0).className()).isEqualTo("com.acme.orders.Pricing");
    JsonNode total = vars(root.get(0));
    assertThat(total.toString())
        .isEqualTo(
            "{\"sku\":\"SKU-9\",\"quantity\":0,"
                + "\"unitPrice\":{\"@class\":\"java.math.BigDecimal\",\"value\":\"5\"}}");
    JsonNode validate = vars(root.get(1));
    assertThat(validate.path("this").path("store").asText()).isEqualTo("test-store");
    assertThat(validate.path("this").path("attempts").asInt()).isEqualTo(1);
    assertThat(validate.path("order").path("customer").path("password").asText())
        .isEqualTo("[Filtered]");
    assertThat(validate.path("attempt").asInt()).isEqualTo(1);

    List<FrameRecord> outer = records.take(thrown);
    assertThat(outer).extracting(FrameRecord::methodName).containsExactly("place");
    List<String> names = new ArrayList<>();
    vars(outer.get(0)).fieldNames().forEachRemaining(names::add);
    assertThat(names).containsExactly("this", "order", "coupon", "apiToken");
    assertThat(vars(outer.get(0)).path("apiToken").asText()).isEqualTo("[Filtered]");
  }

  @Test
  void theNormalPathRecordsNothingAndBehaviourIsUnchanged() throws Throwable {
    Object q =
        Class.forName("com.acme.orders.Quantity", true, loader)
            .getConstructor(int.class)
            .newInstance(21);
    assertThat(call("com.acme.orders.Quantity", "doubled", q)).isEqualTo(42);
    assertThat(call("com.acme.orders.Quantity", "parse", null, " 7 ")).isEqualTo(7);
    assertThatThrownBy(() -> call("com.acme.orders.Quantity", "parse", null, "x"))
        .isExactlyInstanceOf(NumberFormatException.class)
        .hasMessageContaining("\"x\"");
    assertThat(captured).isEmpty();
  }

  @Test
  void staticFramesHaveNoThis() throws Throwable {
    Throwable thrown = null;
    try {
      call("com.acme.orders.Quantity", "parse", null, "x");
    } catch (NumberFormatException e) {
      thrown = e;
    }
    List<FrameRecord> r = records.take(thrown);
    assertThat(r).hasSize(1);
    assertThat(r.get(0).varsJson()).isEqualTo("{\"text\":\"x\"}");
  }

  @Test
  void constructorsAreNotInstrumented() throws Throwable {
    Throwable thrown = null;
    try {
      Class.forName("com.acme.orders.Quantity", true, loader)
          .getConstructor(int.class)
          .newInstance(-1);
    } catch (InvocationTargetException e) {
      thrown = e.getCause();
    }
    assertThat(thrown).isInstanceOf(IllegalArgumentException.class);
    assertThat(records.take(thrown)).isEmpty();
  }

  @Test
  void withoutMethodParametersTheNamesAreArgN() throws Throwable {
    Object calc =
        Class.forName("com.acme.plain.Calculator", true, loader)
            .getConstructor(int.class)
            .newInstance(3);
    Throwable thrown = null;
    try {
      call("com.acme.plain.Calculator", "divide", calc, 10, 0);
    } catch (ArithmeticException e) {
      thrown = e;
    }
    assertThat(records.take(thrown).get(0).varsJson())
        .isEqualTo(
            "{\"this\":{\"@class\":\"com.acme.plain.Calculator\",\"scale\":3},\"arg0\":10,\"arg1\":0}");
  }

  /** Loads the given packages' classes itself, with the agent's argument advice applied. */
  static final class TransformingLoader extends ClassLoader {
    private final Packages packages;
    private final ClassFileLocator locator;
    private final TypePool pool;
    private final AsmVisitorWrapper instance =
        Instrumenter.argumentAdvice(InstanceThrowAdvice.class, false);
    private final AsmVisitorWrapper statics =
        Instrumenter.argumentAdvice(StaticThrowAdvice.class, true);

    TransformingLoader(Packages packages) {
      super(InstrumenterTest.class.getClassLoader());
      this.packages = packages;
      this.locator = ClassFileLocator.ForClassLoader.of(InstrumenterTest.class.getClassLoader());
      this.pool = TypePool.Default.of(locator);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!packages.matches(name)) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> c = findLoadedClass(name);
        if (c == null) {
          byte[] bytes =
              new ByteBuddy()
                  .redefine(pool.describe(name).resolve(), locator)
                  .visit(instance)
                  .visit(statics)
                  .make()
                  .getBytes();
          c = defineClass(name, bytes, 0, bytes.length);
        }
        return c;
      }
    }

    @Override
    public InputStream getResourceAsStream(String name) {
      return getParent().getResourceAsStream(name);
    }
  }
}
