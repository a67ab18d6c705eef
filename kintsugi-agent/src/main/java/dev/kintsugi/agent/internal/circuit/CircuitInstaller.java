package dev.kintsugi.agent.internal.circuit;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isNative;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;

import dev.kintsugi.agent.internal.instrument.Instrumenter;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.utility.JavaModule;

/**
 * Puts the circuit advice on the methods of a name declared by a class, with ByteBuddy: on the
 * class if it is loaded (retransformed) and whenever it is loaded later (every class loader's
 * copy). Constructors, abstract, native and bridge methods are left alone. Advice only, no new
 * members, like the agent's other instrumentation. Nothing is installed until the first circuit
 * opens.
 */
final class CircuitInstaller implements CircuitBoard.Installer {
  private final Instrumentation inst;

  /** Class name → method name → slot: what the transformer instruments. */
  private final Map<String, Map<String, Integer>> methods = new ConcurrentHashMap<>();

  private boolean installed;

  CircuitInstaller(Instrumentation inst) {
    this.inst = inst;
  }

  @Override
  public void install(String className, String methodName, int slot) throws Exception {
    if (!installed) {
      transformer();
      installed = true;
    }
    methods.computeIfAbsent(className, c -> new ConcurrentHashMap<>()).put(methodName, slot);
    List<Class<?>> loaded = new ArrayList<>();
    for (Class<?> c : inst.getAllLoadedClasses()) {
      if (c.getName().equals(className) && inst.isModifiableClass(c)) {
        loaded.add(c);
      }
    }
    if (!loaded.isEmpty()) {
      inst.retransformClasses(loaded.toArray(new Class<?>[0]));
    }
  }

  private void transformer() {
    System.setProperty("net.bytebuddy.nexus.disabled", "true");
    new AgentBuilder.Default()
        .disableClassFormatChanges()
        .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
        .with(new Instrumenter.ErrorListener())
        .ignore(nameStartsWith("dev.kintsugi.agent."))
        .type(new Instrumented())
        .transform(this::visit)
        .installOn(inst);
  }

  private DynamicType.Builder<?> visit(
      DynamicType.Builder<?> builder,
      TypeDescription type,
      ClassLoader loader,
      JavaModule module,
      java.security.ProtectionDomain domain) {
    Map<String, Integer> names = methods.get(type.getName());
    if (names == null) {
      return builder;
    }
    for (Map.Entry<String, Integer> m : names.entrySet()) {
      builder = builder.visit(advice(ValueAdvice.class, m.getKey(), m.getValue(), false));
      builder = builder.visit(advice(VoidAdvice.class, m.getKey(), m.getValue(), true));
    }
    return builder;
  }

  private static AsmVisitorWrapper advice(
      Class<?> advice, String methodName, int slot, boolean voids) {
    ElementMatcher.Junction<MethodDescription> methods =
        isMethod()
            .and(named(methodName))
            .and(not(isAbstract()))
            .and(not(isNative()))
            .and(not(isBridge()));
    return Advice.withCustomMapping()
        .bind(CircuitSlot.class, slot)
        .to(advice)
        .on(voids ? methods.and(returns(void.class)) : methods.and(not(returns(void.class))));
  }

  /** The classes with a circuit: one map lookup for every other class loaded. */
  private final class Instrumented extends ElementMatcher.Junction.AbstractBase<TypeDescription> {
    @Override
    public boolean matches(TypeDescription type) {
      return methods.containsKey(type.getName());
    }
  }
}
