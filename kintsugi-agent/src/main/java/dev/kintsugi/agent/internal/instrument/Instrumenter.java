package dev.kintsugi.agent.internal.instrument;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isNative;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.kintsugi.agent.internal.AgentLog;
import dev.kintsugi.agent.internal.bridge.Bridge;
import dev.kintsugi.agent.internal.config.Packages;
import java.lang.instrument.Instrumentation;
import java.util.Set;
import java.util.StringJoiner;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.implementation.bytecode.constant.TextConstant;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;
import net.bytebuddy.utility.JavaModule;

/**
 * Installs the agent's bytecode advice with ByteBuddy: argument recording on the methods of in-app
 * classes, and the logging hooks (JUL, Logback, Log4j2). Advice only, inlined, no new members:
 * classes already loaded are retransformed the same way. A class that cannot be transformed is left
 * as it was (reported once).
 */
public final class Instrumenter {
  private static final Set<String> LOGGING_TYPES =
      Set.of(
          "java.util.logging.Logger",
          "ch.qos.logback.classic.Logger",
          "org.apache.logging.log4j.core.config.LoggerConfig");

  private static final String JUL_ADVICE = "dev.kintsugi.agent.internal.instrument.JulAdvice";
  private static final String LOGBACK_ADVICE =
      "dev.kintsugi.agent.internal.instrument.LogbackAdvice";
  private static final String LOG4J2_ADVICE = "dev.kintsugi.agent.internal.instrument.Log4j2Advice";

  private Instrumenter() {}

  /**
   * Installs the advice.
   *
   * @param packages in-app packages whose methods record their arguments (none: no recording)
   * @param logging whether to hook the logging frameworks
   * @param agentLoader the class loader holding the advice classes
   */
  public static void install(
      Instrumentation inst, Packages packages, boolean logging, ClassLoader agentLoader) {
    // The agent makes no class format changes, so ByteBuddy's Nexus (self-initialisation of
    // generated types) is never used; disabled, it does not touch sun.misc.Unsafe, for which JDK
    // 24+ prints warnings on the host's stderr. The shaded jar relocates this property's name
    // with ByteBuddy, so it cannot affect a ByteBuddy of the host's own.
    System.setProperty("net.bytebuddy.nexus.disabled", "true");
    AsmVisitorWrapper jul = logging ? julAdvice() : null;
    AgentBuilder builder =
        new AgentBuilder.Default()
            .disableClassFormatChanges()
            .with(
                anyLoaded(inst, packages, logging)
                    ? AgentBuilder.RedefinitionStrategy.RETRANSFORMATION
                    : AgentBuilder.RedefinitionStrategy.DISABLED)
            .with(new ErrorListener())
            // The default also ignores the bootstrap loader, which holds java.util.logging.
            .ignore(nameStartsWith("dev.kintsugi.agent."));
    if (!packages.isEmpty()) {
      AsmVisitorWrapper instance = argumentAdvice(InstanceThrowAdvice.class, false);
      AsmVisitorWrapper statics = argumentAdvice(StaticThrowAdvice.class, true);
      builder =
          builder
              .type(new InApp(packages))
              .transform((b, type, loader, module, domain) -> b.visit(instance).visit(statics));
    }
    if (logging) {
      if (jul != null) {
        builder =
            builder
                .type(named("java.util.logging.Logger"))
                .transform((b, type, loader, module, domain) -> b.visit(jul))
                // java.logging is a named module: it must be made to read the Bridge's module.
                .assureReadEdgeTo(inst, Bridge.class);
      }
      builder =
          builder
              .type(named("ch.qos.logback.classic.Logger"))
              .transform(
                  new AgentBuilder.Transformer.ForAdvice()
                      .include(agentLoader)
                      .advice(named("callAppenders").and(takesArguments(1)), LOGBACK_ADVICE))
              .type(named("org.apache.logging.log4j.core.config.LoggerConfig"))
              .transform(
                  new AgentBuilder.Transformer.ForAdvice()
                      .include(agentLoader)
                      .advice(named("callAppenders").and(takesArguments(1)), LOG4J2_ADVICE));
    }
    builder.installOn(inst);
  }

  /**
   * Whether a class to instrument is loaded already (late attach, or loaded before premain). If
   * not, as usual in premain, ByteBuddy need not walk all loaded classes for retransformation,
   * which is a good part of the agent's start-up time.
   */
  private static boolean anyLoaded(Instrumentation inst, Packages packages, boolean logging) {
    for (Class<?> c : inst.getAllLoadedClasses()) {
      String name = c.getName();
      if (packages.matches(name) || logging && LOGGING_TYPES.contains(name)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The JUL advice, described from its class file rather than the loaded class: loading {@link
   * JulAdvice} reflectively would load {@code java.util.logging.Logger} — while Logger is being
   * transformed a {@code ClassCircularityError}, and in premain a needless retransformation. Null
   * when the runtime has no {@code java.logging}.
   */
  private static AsmVisitorWrapper julAdvice() {
    try {
      ClassFileLocator locator =
          ClassFileLocator.ForClassLoader.of(Instrumenter.class.getClassLoader());
      TypeDescription advice = TypePool.Default.of(locator).describe(JUL_ADVICE).resolve();
      return Advice.to(advice, locator)
          .on(
              named("log")
                  .and(takesArguments(1))
                  .and(takesArgument(0, named("java.util.logging.LogRecord"))));
    } catch (RuntimeException | LinkageError e) {
      return null;
    }
  }

  /** The argument-recording advice for the instance or the static methods of a class. */
  static AsmVisitorWrapper argumentAdvice(Class<?> advice, boolean statics) {
    ElementMatcher.Junction<MethodDescription> methods =
        isMethod().and(not(isAbstract())).and(not(isNative())).and(not(isBridge()));
    return Advice.withCustomMapping()
        .bind(
            ParameterNames.class,
            (Advice.OffsetMapping)
                (instrumentedType, instrumentedMethod, assigner, argumentHandler, sort) ->
                    new Advice.OffsetMapping.Target.ForStackManipulation(
                        new TextConstant(parameterNames(instrumentedMethod))))
        .to(advice)
        .on(statics ? methods.and(isStatic()) : methods.and(not(isStatic())));
  }

  /** Names from the MethodParameters attribute where present, else {@code argN}. */
  static String parameterNames(MethodDescription method) {
    StringJoiner names = new StringJoiner(",");
    for (ParameterDescription p : method.getParameters()) {
      names.add(p.isNamed() ? p.getName() : "arg" + p.getIndex());
    }
    return names.toString();
  }

  /** Classes of the in-app packages (by name first, so other classes cost one string test). */
  private static final class InApp extends ElementMatcher.Junction.AbstractBase<TypeDescription> {
    private final Packages packages;

    InApp(Packages packages) {
      this.packages = packages;
    }

    @Override
    public boolean matches(TypeDescription type) {
      return packages.matches(type.getName()) && !type.isAnnotation() && !type.isSynthetic();
    }
  }

  /** Reports each class that could not be transformed, once (the circuits' installer too). */
  public static final class ErrorListener extends AgentBuilder.Listener.Adapter {
    @Override
    public void onError(
        String typeName,
        ClassLoader classLoader,
        JavaModule module,
        boolean loaded,
        Throwable throwable) {
      AgentLog.once(
          "instrument:" + typeName,
          "could not instrument " + typeName + ", left unchanged",
          throwable);
    }
  }
}
