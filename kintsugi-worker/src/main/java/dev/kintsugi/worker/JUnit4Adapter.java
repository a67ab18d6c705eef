package dev.kintsugi.worker;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.runner.Description;
import org.junit.runner.JUnitCore;
import org.junit.runner.Request;
import org.junit.runner.manipulation.Filter;
import org.junit.runner.notification.Failure;
import org.junit.runner.notification.RunListener;

/** Runs tests with JUnit 4's own runner, for projects without the JUnit Platform. */
final class JUnit4Adapter implements FrameworkAdapter {

  private final TestClassNames testClasses;
  private final ClassLoader loader;

  JUnit4Adapter(Path testClasses, ClassLoader loader) {
    this(TestClassNames.byNaming(testClasses), loader);
  }

  JUnit4Adapter(TestClassNames testClasses, ClassLoader loader) {
    this.testClasses = testClasses;
    this.loader = loader;
  }

  @Override
  public List<String> discover() throws IOException {
    List<String> ids = new ArrayList<>();
    for (String className : testClasses.names()) {
      Class<?> type;
      try {
        type = Class.forName(className, false, loader);
      } catch (ClassNotFoundException | LinkageError e) {
        System.err.println("kintsugi-worker: cannot load " + className + ": " + e);
        continue;
      }
      int modifiers = type.getModifiers();
      if (!Modifier.isPublic(modifiers) || Modifier.isAbstract(modifiers) || type.isInterface()) {
        continue;
      }
      TreeSet<String> methods = new TreeSet<>();
      boolean junit3 = isJUnit3TestCase(type);
      for (Method method : type.getMethods()) {
        if ((method.isAnnotationPresent(org.junit.Test.class) || junit3 && isJUnit3Test(method))
            && testClasses.selects(className, method.getName())) {
          methods.add(method.getName());
        }
      }
      methods.forEach(method -> ids.add(className + "#" + method));
    }
    return ids;
  }

  /**
   * A JUnit 3 {@code junit.framework.TestCase}: JUnit 4 (and Surefire's junit4 provider) runs it,
   * with no {@code @Test} on its methods (seen in jackson-modules-java8: 87 of 119 tests of a
   * module were of this kind).
   */
  private boolean isJUnit3TestCase(Class<?> type) {
    try {
      return Class.forName("junit.framework.TestCase", false, loader).isAssignableFrom(type);
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** JUnit 3's rule ({@code TestSuite}): public, no parameters, void, named {@code test...}. */
  private static boolean isJUnit3Test(Method method) {
    return method.getName().startsWith("test")
        && method.getParameterCount() == 0
        && method.getReturnType() == void.class
        && !Modifier.isStatic(method.getModifiers());
  }

  @Override
  public Outcome run(String className, String methodName) throws ClassNotFoundException {
    Class<?> testClass = Class.forName(className, false, loader);
    Listener listener = new Listener();
    JUnitCore core = new JUnitCore();
    core.addListener(listener);
    Request request = Request.aClass(testClass);
    // A whole class runs only the methods the build ran.
    Set<String> methods =
        methodName.isEmpty()
            ? testClasses.methodsOf(className).orElse(Set.of())
            : Set.of(methodName);
    core.run(methods.isEmpty() ? request : request.filterWith(new MethodFilter(methods)));
    return listener.outcome();
  }

  /**
   * Selects methods with all their invocations: Parameterized names them {@code method[0]}, which
   * {@code Request.method} would not match.
   */
  private static final class MethodFilter extends Filter {
    private final Set<String> methodNames;

    MethodFilter(Set<String> methodNames) {
      this.methodNames = methodNames;
    }

    @Override
    public boolean shouldRun(Description description) {
      if (description.isTest()) {
        String name = description.getMethodName();
        if (name == null) {
          return false;
        }
        int bracket = name.indexOf('[');
        return methodNames.contains(bracket < 0 ? name : name.substring(0, bracket));
      }
      return description.getChildren().stream().anyMatch(this::shouldRun);
    }

    @Override
    public String describe() {
      return "methods " + methodNames;
    }
  }

  private static final class Listener extends RunListener {
    private Outcome failure;
    private int finished;
    private String skipReason;

    @Override
    public void testFailure(Failure failure) {
      if (this.failure == null) {
        this.failure = Outcome.thrown(failure.getException());
      }
    }

    @Override
    public void testAssumptionFailure(Failure failure) {
      skipReason = skipReason == null ? String.valueOf(failure.getMessage()) : skipReason;
      finished--;
    }

    @Override
    public void testIgnored(Description description) {
      skipReason = skipReason == null ? "ignored" : skipReason;
    }

    @Override
    public void testFinished(Description description) {
      finished++;
    }

    Outcome outcome() {
      if (failure != null) {
        return failure;
      }
      if (finished <= 0 && skipReason != null) {
        return Outcome.skipped(skipReason);
      }
      return Outcome.passed();
    }
  }
}
