package dev.kintsugi.worker;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.ClassNameFilter;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** Runs tests through the JUnit Platform launcher (Jupiter, and JUnit 4 via the vintage engine). */
final class PlatformAdapter implements FrameworkAdapter {

  private final TestClassNames testClasses;
  private final ClassLoader loader;
  private final Launcher launcher;

  PlatformAdapter(Path testClasses, ClassLoader loader) {
    this(TestClassNames.byNaming(testClasses), loader);
  }

  PlatformAdapter(TestClassNames testClasses, ClassLoader loader) {
    this.testClasses = testClasses;
    this.loader = loader;
    this.launcher = LauncherFactory.create();
  }

  @Override
  public List<String> discover() {
    // The classes the build ran when known; otherwise Surefire's default naming rule.
    LauncherDiscoveryRequest request =
        testClasses
            .listed()
            .map(
                names ->
                    LauncherDiscoveryRequestBuilder.request()
                        .selectors(names.stream().map(DiscoverySelectors::selectClass).toList())
                        .build())
            .orElseGet(
                () ->
                    LauncherDiscoveryRequestBuilder.request()
                        .selectors(
                            DiscoverySelectors.selectClasspathRoots(
                                Set.of(testClasses.directory())))
                        .filters(ClassNameFilter.includeClassNamePatterns(TestClassNames.pattern()))
                        .build());
    // Discovery loads test classes through the context class loader.
    Thread current = Thread.currentThread();
    ClassLoader previous = current.getContextClassLoader();
    current.setContextClassLoader(loader);
    TestPlan plan;
    try {
      plan = launcher.discover(request);
    } finally {
      current.setContextClassLoader(previous);
    }
    Set<String> ids = new LinkedHashSet<>();
    Deque<TestIdentifier> pending = new ArrayDeque<>(plan.getRoots());
    while (!pending.isEmpty()) {
      TestIdentifier node = pending.removeFirst();
      // A parameterized or factory method is a container whose invocations appear only when run:
      // its MethodSource names the method, which is what we select later.
      node.getSource()
          .filter(MethodSource.class::isInstance)
          .map(MethodSource.class::cast)
          .filter(source -> testClasses.selects(source.getClassName(), source.getMethodName()))
          .ifPresent(source -> ids.add(source.getClassName() + "#" + source.getMethodName()));
      List<TestIdentifier> children = new ArrayList<>(plan.getChildren(node));
      for (int i = children.size() - 1; i >= 0; i--) {
        pending.addFirst(children.get(i));
      }
    }
    return List.copyOf(ids);
  }

  @Override
  public Outcome run(String className, String methodName) throws ClassNotFoundException {
    Class<?> testClass = Class.forName(className, false, loader);
    List<DiscoverySelector> selectors;
    Optional<Set<String>> listed = testClasses.methodsOf(className);
    if (methodName.isEmpty() && listed.isEmpty()) {
      selectors = List.of(DiscoverySelectors.selectClass(testClass));
    } else {
      // A whole class runs only the methods the build ran.
      Set<String> names = methodName.isEmpty() ? listed.get() : Set.of(methodName);
      List<Method> methods =
          names.stream().flatMap(name -> methodsNamed(testClass, name).stream()).toList();
      if (methods.isEmpty()) {
        return Outcome.error("no method " + names + " in test class " + className);
      }
      selectors =
          methods.stream()
              .map(method -> DiscoverySelectors.selectMethod(testClass, method))
              .collect(Collectors.toList());
    }
    Collector collector = new Collector();
    launcher.execute(
        LauncherDiscoveryRequestBuilder.request().selectors(selectors).build(), collector);
    return collector.outcome();
  }

  /** Declared methods of the class, its superclasses and interfaces, overrides counted once. */
  private static List<Method> methodsNamed(Class<?> type, String name) {
    Map<String, Method> bySignature = new LinkedHashMap<>();
    Deque<Class<?>> pending = new ArrayDeque<>();
    pending.add(type);
    while (!pending.isEmpty()) {
      Class<?> current = pending.removeFirst();
      for (Method method : current.getDeclaredMethods()) {
        if (method.getName().equals(name) && !method.isSynthetic()) {
          bySignature.putIfAbsent(Arrays.toString(method.getParameterTypes()), method);
        }
      }
      if (current.getSuperclass() != null && current.getSuperclass() != Object.class) {
        pending.add(current.getSuperclass());
      }
      pending.addAll(Arrays.asList(current.getInterfaces()));
    }
    return List.copyOf(bySignature.values());
  }

  /** Folds the results of all invocations into one outcome: the first failure wins. */
  private static final class Collector implements TestExecutionListener {
    private Outcome failure;
    private int passed;
    private String skipReason;

    @Override
    public void executionSkipped(TestIdentifier identifier, String reason) {
      skipReason = skipReason == null ? reason : skipReason;
    }

    @Override
    public void executionFinished(TestIdentifier identifier, TestExecutionResult result) {
      switch (result.getStatus()) {
        case SUCCESSFUL -> passed += identifier.isTest() ? 1 : 0;
        case ABORTED ->
            skipReason =
                skipReason != null
                    ? skipReason
                    : result.getThrowable().map(Throwable::getMessage).orElse("aborted");
        case FAILED -> {
          if (failure == null) {
            failure =
                result
                    .getThrowable()
                    .map(Outcome::thrown)
                    .orElse(Outcome.error("failed without an exception"));
          }
        }
      }
    }

    Outcome outcome() {
      if (failure != null) {
        return failure;
      }
      if (passed == 0 && skipReason != null) {
        return Outcome.skipped(skipReason);
      }
      return Outcome.passed();
    }
  }
}
