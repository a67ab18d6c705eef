package dev.kintsugi.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CandidateSessionTest {

  @TempDir static Path project;
  @TempDir static Path candidate;
  private static CandidateSession.Factory sessions;

  @BeforeAll
  static void compileTheProject() throws Exception {
    compile(
        project,
        "Counter",
        "public final class Counter { static int count;"
            + " public static int next() { return ++count; } }");
    compile(
        candidate,
        "Counter",
        "public final class Counter { static int count = 100;"
            + " public static int next() { return ++count; } }");
    compile(
        project,
        "FakeDriver",
        "public final class FakeDriver implements java.sql.Driver {"
            + " static { try { java.sql.DriverManager.registerDriver(new FakeDriver()); }"
            + " catch (java.sql.SQLException e) { throw new RuntimeException(e); } }"
            + " public java.sql.Connection connect(String url, java.util.Properties p) {"
            + " return null; }"
            + " public boolean acceptsURL(String url) { return url.startsWith(\"jdbc:fake:\"); }"
            + " public java.sql.DriverPropertyInfo[] getPropertyInfo(String u,"
            + " java.util.Properties p) { return new java.sql.DriverPropertyInfo[0]; }"
            + " public int getMajorVersion() { return 1; }"
            + " public int getMinorVersion() { return 0; }"
            + " public boolean jdbcCompliant() { return false; }"
            + " public java.util.logging.Logger getParentLogger() { return null; } }");
    compile(
        project,
        "Db",
        "public final class Db { public static String driverFor(String url) throws Exception {"
            + " return java.sql.DriverManager.getDriver(url).getClass().getName(); }"
            + " public static int drivers() {"
            + " return java.util.Collections.list(java.sql.DriverManager.getDrivers()).size(); } }");
    Path services = project.resolve("META-INF/services/java.sql.Driver");
    Files.createDirectories(services.getParent());
    Files.writeString(services, "com.acme.FakeDriver\n");
    sessions =
        new CandidateSession.Factory(
            CandidateSession.JUNIT4,
            project,
            List.of(project),
            CandidateSessionTest.class.getClassLoader());
  }

  @Test
  void eachSessionStartsWithFreshStaticState() throws Exception {
    CandidateSession first = sessions.open(Optional.empty());
    assertThat(next(first)).isEqualTo(1);
    assertThat(next(first)).isEqualTo(2);
    assertThat(first.close()).isEmpty();

    CandidateSession second = sessions.open(Optional.empty());
    assertThat(next(second)).isEqualTo(1);
    assertThat(second.close()).isEmpty();
  }

  @Test
  void candidateClassesShadowTheProjectsAndTheFrameworkIsShared() throws Exception {
    CandidateSession session = sessions.open(Optional.of(candidate));
    try {
      assertThat(next(session)).isEqualTo(101);
      assertThat(session.loader().loadClass(org.junit.Test.class.getName()))
          .isSameAs(org.junit.Test.class);
    } finally {
      session.close();
    }
  }

  @Test
  void aThreadTheTestsLeftRunningMakesTheWorkerUnfit() throws Exception {
    CandidateSession session = sessions.open(Optional.empty());
    AtomicBoolean spin = new AtomicBoolean(true);
    Thread spinner =
        startedIn(
            session,
            () -> {
              while (spin.get()) {
                Thread.onSpinWait();
              }
            });

    try {
      assertThat(session.close())
          .hasValueSatisfying(why -> assertThat(why).contains("\"test-started\" started by"));
    } finally {
      spin.set(false);
      spinner.join();
    }
  }

  @Test
  void threadsThatStopWhenInterruptedAreFine() throws Exception {
    CandidateSession session = sessions.open(Optional.empty());
    Thread sleeper =
        startedIn(
            session,
            () -> {
              try {
                Thread.sleep(60_000);
              } catch (InterruptedException e) {
                // ends
              }
            });

    assertThat(session.close()).isEmpty();
    assertThat(sleeper.isAlive()).isFalse();
  }

  @Test
  void systemPropertiesLocaleAndTimeZoneAreRestored() throws Exception {
    java.util.Locale locale = java.util.Locale.getDefault();
    java.util.TimeZone zone = java.util.TimeZone.getDefault();
    String javaVersion = System.getProperty("java.version");
    CandidateSession session = sessions.open(Optional.empty());
    System.setProperty("kintsugi.session.test", "set");
    System.setProperty("java.version", "1.0");
    java.util.Locale.setDefault(java.util.Locale.JAPAN);
    java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("Pacific/Kiritimati"));

    session.close();

    assertThat(System.getProperty("kintsugi.session.test")).isNull();
    assertThat(System.getProperty("java.version")).isEqualTo(javaVersion);
    assertThat(java.util.Locale.getDefault()).isEqualTo(locale);
    assertThat(java.util.TimeZone.getDefault()).isEqualTo(zone);
  }

  @Test
  void everyCandidateFindsTheJdbcDriversOfItsOwnClassPath() throws Exception {
    for (int i = 0; i < 3; i++) {
      CandidateSession session = sessions.open(Optional.empty());
      try {
        Method driverFor =
            session.loader().loadClass("com.acme.Db").getMethod("driverFor", String.class);
        assertThat(driverFor.invoke(null, "jdbc:fake:db")).isEqualTo("com.acme.FakeDriver");
      } finally {
        session.close();
      }
    }
  }

  @Test
  void aCandidatesJdbcDriversAreDeregisteredWhenItEnds() throws Exception {
    CandidateSession session = sessions.open(Optional.empty());
    Method drivers = session.loader().loadClass("com.acme.Db").getMethod("drivers");
    assertThat(drivers.invoke(null)).isEqualTo(1);

    session.close();

    assertThat(drivers.invoke(null)).isEqualTo(0);
  }

  /** A thread started the way a test would: its context class loader is the candidate's. */
  private static Thread startedIn(CandidateSession session, Runnable body) {
    Thread thread = new Thread(body, "test-started");
    thread.setContextClassLoader(session.loader());
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static int next(CandidateSession session) throws Exception {
    Method next = session.loader().loadClass("com.acme.Counter").getMethod("next");
    return (int) next.invoke(null);
  }

  private static void compile(Path dir, String name, String body) throws Exception {
    Path source = dir.resolve("src/com/acme/" + name + ".java");
    Files.createDirectories(source.getParent());
    Files.writeString(source, "package com.acme;\n" + body + "\n");
    int exit =
        ToolProvider.getSystemJavaCompiler()
            .run(null, null, null, "-d", dir.toString(), source.toString());
    assertThat(exit).isZero();
  }
}
