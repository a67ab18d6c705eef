package dev.kintsugi.server.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class JournalLocationTest {
  private static final Path HOME = Path.of("/home/ops");

  @Test
  void anH2FileKeepsItsJournalBesideIt() {
    assertThat(JournalLocation.forDatabase("jdbc:h2:file:/var/lib/k/kintsugi;MODE=x", HOME))
        .isEqualTo(new JournalLocation(Path.of("/var/lib/k/kintsugi.journal"), false));
    assertThat(JournalLocation.forDatabase("jdbc:h2:~/data/k", HOME).dir())
        .isEqualTo(Path.of("/home/ops/data/k.journal"));
  }

  @Test
  void aRemoteDatabaseGetsOneJournalPerUrlUnderHome() {
    JournalLocation a = JournalLocation.forDatabase("jdbc:postgresql://db/a", HOME);
    JournalLocation b = JournalLocation.forDatabase("jdbc:postgresql://db/b", HOME);
    assertThat(a.dir().getParent()).isEqualTo(HOME.resolve(".kintsugi/journal"));
    assertThat(a.dir()).isNotEqualTo(b.dir());
    assertThat(a).isEqualTo(JournalLocation.forDatabase("jdbc:postgresql://db/a", HOME));
    assertThat(a.temporary()).isFalse();
    assertThat(JournalLocation.forDatabase("jdbc:h2:tcp://db/k", HOME).dir().getParent())
        .isEqualTo(HOME.resolve(".kintsugi/journal"));
  }

  @Test
  void anInMemoryDatabaseGetsATemporaryJournal() throws Exception {
    JournalLocation mem = JournalLocation.forDatabase("jdbc:h2:mem:test", HOME);
    try {
      assertThat(mem.temporary()).isTrue();
      assertThat(mem.dir()).isDirectory();
    } finally {
      Files.deleteIfExists(mem.dir());
    }
  }
}
