package dev.kintsugi.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The agent's public surface stays two classes; everything else is internal. */
class PublicApiTest {
  @Test
  void onlyTheCaptureApiAndThePremainClassArePublicOutsideInternal() throws Exception {
    Path root =
        Paths.get(Kintsugi.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> publicTypes = new ArrayList<>();
    try (Stream<Path> files = Files.list(root.resolve("dev/kintsugi/agent"))) {
      for (Path f : (Iterable<Path>) files::iterator) {
        String name = f.getFileName().toString();
        if (name.endsWith(".class") && !name.equals("package-info.class")) {
          Class<?> c = Class.forName("dev.kintsugi.agent." + name.replace(".class", ""));
          if (Modifier.isPublic(c.getModifiers())) {
            publicTypes.add(c.getSimpleName());
          }
        }
      }
    }
    assertThat(publicTypes).containsExactlyInAnyOrder("Kintsugi", "KintsugiAgent");
    assertThat(publicMethods(Kintsugi.class)).containsExactly("capture(Throwable)");
    assertThat(publicMethods(KintsugiAgent.class))
        .containsExactly("agentmain(String,Instrumentation)", "premain(String,Instrumentation)");
  }

  @Test
  void captureWithoutTheAgentDoesNothing() {
    Kintsugi.capture(new IllegalStateException("no agent in this JVM"));
    Kintsugi.capture(null);
  }

  static TreeSet<String> publicMethods(Class<?> c) throws IOException, URISyntaxException {
    TreeSet<String> out = new TreeSet<>();
    for (Method m : c.getDeclaredMethods()) {
      if (Modifier.isPublic(m.getModifiers())) {
        StringBuilder s = new StringBuilder(m.getName()).append('(');
        Class<?>[] params = m.getParameterTypes();
        for (int i = 0; i < params.length; i++) {
          s.append(i == 0 ? "" : ",").append(params[i].getSimpleName());
        }
        out.add(s.append(')').toString());
      }
    }
    return out;
  }
}
