package dev.kintsugi.worker;

import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Spring's test context cache as seen from the worker, by reflection on the spring-test classes of
 * one class loader (the worker has no dependency on Spring, and must work with the version the
 * project brings: 5, 6 and 7 keep the cache in {@code
 * DefaultCacheAwareContextLoaderDelegate.defaultContextCache}, a {@code DefaultContextCache} whose
 * {@code contextMap} holds the contexts by their merged configuration).
 */
final class SpringContexts {

  private static final String MANAGER = "org.springframework.test.context.TestContextManager";
  private static final String DELEGATE =
      "org.springframework.test.context.cache.DefaultCacheAwareContextLoaderDelegate";
  private static final String CONTEXT_CACHE = "org.springframework.test.context.cache.ContextCache";
  private static final String CONFIGURABLE_CONTEXT =
      "org.springframework.context.ConfigurableApplicationContext";
  private static final String SINGLETON_REGISTRY =
      "org.springframework.beans.factory.config.SingletonBeanRegistry";
  private static final String HIERARCHY_MODE =
      "org.springframework.test.annotation.DirtiesContext$HierarchyMode";

  /** Annotations that make a class a Spring test, directly or as meta-annotations. */
  private static final Set<String> SPRING_TEST_MARKERS =
      Set.of(
          "org.springframework.test.context.ContextConfiguration",
          "org.springframework.test.context.ContextHierarchy",
          "org.springframework.test.context.BootstrapWith");

  private final ClassLoader loader;
  private final Object cache;
  private final Map<?, ?> contextMap;

  private SpringContexts(ClassLoader loader, Object cache, Map<?, ?> contextMap) {
    this.loader = loader;
    this.cache = cache;
    this.contextMap = contextMap;
  }

  /** The context cache of {@code loader}'s spring-test, when it has one this class can read. */
  static Optional<SpringContexts> of(ClassLoader loader) {
    try {
      Class<?> delegate = Class.forName(DELEGATE, true, loader);
      Field cacheField = delegate.getDeclaredField("defaultContextCache");
      cacheField.setAccessible(true);
      Object cache = cacheField.get(null);
      Field mapField = cache.getClass().getDeclaredField("contextMap");
      mapField.setAccessible(true);
      return Optional.of(new SpringContexts(loader, cache, (Map<?, ?>) mapField.get(cache)));
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return Optional.empty();
    }
  }

  /** Whether spring-test is on {@code loader}'s class path. */
  static boolean present(ClassLoader loader) {
    return loader.getResource(MANAGER.replace('.', '/') + ".class") != null;
  }

  /**
   * Whether the test class takes its fixture from a Spring test context: it, a superclass or an
   * enclosing class (JUnit 5 {@code @Nested}) carries {@code @ContextConfiguration}, {@code
   * ContextHierarchy} or {@code @BootstrapWith}, directly or through a meta-annotation such as
   * {@code @SpringBootTest} or {@code @WebMvcTest}.
   */
  static boolean isSpringTest(Class<?> testClass) {
    Set<Class<?>> seen = new HashSet<>();
    for (Class<?> c = testClass; c != null; ) {
      for (Class<?> type = c; type != null && type != Object.class; type = type.getSuperclass()) {
        for (Annotation annotation : type.getDeclaredAnnotations()) {
          if (marks(annotation.annotationType(), seen)) {
            return true;
          }
        }
      }
      c = c.getEnclosingClass();
    }
    return false;
  }

  private static boolean marks(Class<? extends Annotation> type, Set<Class<?>> seen) {
    if (SPRING_TEST_MARKERS.contains(type.getName())) {
      return true;
    }
    if (type.getName().startsWith("java.lang.annotation.") || !seen.add(type)) {
      return false;
    }
    for (Annotation meta : type.getDeclaredAnnotations()) {
      if (marks(meta.annotationType(), seen)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Builds (or finds in the cache) the application context of a Spring test class, as Spring's own
   * test listener would before the class's first test.
   *
   * @throws ReflectiveOperationException with the context's own failure as the cause
   */
  void load(Class<?> testClass) throws ReflectiveOperationException {
    Class<?> manager = Class.forName(MANAGER, true, loader);
    Object instance = manager.getConstructor(Class.class).newInstance(testClass);
    Object testContext = manager.getMethod("getTestContext").invoke(instance);
    Class<?> contextType =
        Class.forName("org.springframework.test.context.TestContext", true, loader);
    contextType.getMethod("getApplicationContext").invoke(testContext);
  }

  /** The cached contexts by their key (the merged configuration), in cache order. */
  Map<Object, Object> contexts() {
    synchronized (contextMap) {
      return new LinkedHashMap<>(contextMap);
    }
  }

  /** Removes a context from the cache and closes it, as {@code @DirtiesContext} does. */
  void evict(Object key) throws ReflectiveOperationException {
    Class<?> cacheType = Class.forName(CONTEXT_CACHE, true, loader);
    Class<?> modeType = Class.forName(HIERARCHY_MODE, true, loader);
    Object currentLevel = modeType.getField("CURRENT_LEVEL").get(null);
    Class<?> keyType =
        Class.forName("org.springframework.test.context.MergedContextConfiguration", true, loader);
    cacheType.getMethod("remove", keyType, modeType).invoke(cache, key, currentLevel);
  }

  /** Closes a context (stops its servers, pools and threads); failures are only reported. */
  void close(Object context) {
    try {
      Class<?> configurable = Class.forName(CONFIGURABLE_CONTEXT, true, loader);
      if (configurable.isInstance(context)) {
        configurable.getMethod("close").invoke(context);
      }
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      System.err.println("kintsugi-worker: cannot close a Spring context: " + e);
    }
  }

  /** The singleton beans a context has created so far. */
  List<Object> singletons(Object context) throws ReflectiveOperationException {
    Class<?> configurable = Class.forName(CONFIGURABLE_CONTEXT, true, loader);
    if (!configurable.isInstance(context)) {
      return List.of();
    }
    Object beanFactory = configurable.getMethod("getBeanFactory").invoke(context);
    Class<?> registry = Class.forName(SINGLETON_REGISTRY, true, loader);
    Method names = registry.getMethod("getSingletonNames");
    Method singleton = registry.getMethod("getSingleton", String.class);
    List<Object> beans = new ArrayList<>();
    for (String name : (String[]) names.invoke(beanFactory)) {
      Object bean = singleton.invoke(beanFactory, name);
      if (bean != null) {
        beans.add(bean);
      }
    }
    return beans;
  }
}
