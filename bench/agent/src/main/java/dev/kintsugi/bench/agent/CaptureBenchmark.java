package dev.kintsugi.bench.agent;

import dev.kintsugi.bench.agent.app.Checkout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * The cost of one error: an exception thrown through three in-app frames with arguments, then
 * {@code Kintsugi.capture}. {@code Kintsugi} is looked up at run time: it is on the class path only
 * when the fork runs with {@code -javaagent} (without it, capture is a no-op handle).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CaptureBenchmark {
  static final MethodHandle CAPTURE = captureHandle();

  final Checkout checkout = new Checkout("bench-store");
  final Checkout.Cart cart = new Checkout.Cart("SKU-9", 499);

  @Benchmark
  public Object throwOnly() {
    try {
      return checkout.place(cart, 0);
    } catch (IllegalArgumentException e) {
      return e;
    }
  }

  @Benchmark
  public Object throwAndCapture() throws Throwable {
    try {
      return checkout.place(cart, 0);
    } catch (IllegalArgumentException e) {
      CAPTURE.invokeExact((Throwable) e);
      return e;
    }
  }

  private static MethodHandle captureHandle() {
    MethodType type = MethodType.methodType(void.class, Throwable.class);
    try {
      return MethodHandles.publicLookup()
          .findStatic(Class.forName("dev.kintsugi.agent.Kintsugi"), "capture", type);
    } catch (ReflectiveOperationException e) {
      return MethodHandles.empty(type);
    }
  }
}
