package dev.kintsugi.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class H2PasswordTest {

  private static final Path HOME = Path.of("/home/k");

  @Test
  void findsEmbeddedFileDatabases() {
    assertThat(H2Password.of("jdbc:h2:file:/var/lib/k/kintsugi;MODE=x", HOME))
        .contains(new H2Password(Path.of("/var/lib/k"), "kintsugi"));
    assertThat(H2Password.of("jdbc:h2:/var/lib/k/db", HOME))
        .contains(new H2Password(Path.of("/var/lib/k"), "db"));
    assertThat(H2Password.of("jdbc:h2:~/data/k", HOME))
        .contains(new H2Password(Path.of("/home/k/data"), "k"));
    assertThat(H2Password.of("jdbc:h2:file:/var/lib/k/kintsugi", HOME).orElseThrow().passwordFile())
        .isEqualTo(Path.of("/var/lib/k/kintsugi.password"));
  }

  @Test
  void leavesOtherDatabasesAndExplicitCredentialsAlone() {
    assertThat(H2Password.of("jdbc:h2:mem:test", HOME)).isEmpty();
    assertThat(H2Password.of("jdbc:h2:tcp://db/k", HOME)).isEmpty();
    assertThat(H2Password.of("jdbc:h2:zip:/a.zip!/k", HOME)).isEmpty();
    assertThat(H2Password.of("jdbc:postgresql://db/k", HOME)).isEmpty();
    assertThat(H2Password.of("jdbc:h2:/var/k;USER=sa;PASSWORD=x", HOME)).isEmpty();
    assertThat(H2Password.of("jdbc:h2:/var/k; password = x", HOME)).isEmpty();
  }
}
