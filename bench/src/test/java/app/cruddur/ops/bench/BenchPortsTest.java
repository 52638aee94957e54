package app.cruddur.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import app.cruddur.ops.runner.api.LocalPorts;
import app.cruddur.ops.runner.internal.local.Ports;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BenchPortsTest {
  static final Path DIR = Path.of("bench/.work/local");
  final List<String> notices = new ArrayList<>();

  static LocalPorts kept(int postgres, int moto) {
    return new LocalPorts(OptionalInt.of(postgres), OptionalInt.of(moto));
  }

  static int freePortFrom(int from, Set<Integer> exclude) {
    return Ports.firstFreeFrom(from, exclude).orElseThrow();
  }

  @Test
  void keptPortsThatAreFreeAreAskedForAgainSilently() {
    int postgres = freePortFrom(24_100, Set.of());
    int moto = freePortFrom(postgres + 1, Set.of());

    LocalPorts asked = BenchPorts.toAskFor(Optional.of(kept(postgres, moto)), DIR, notices::add);

    assertThat(asked).isEqualTo(kept(postgres, moto));
    assertThat(notices).isEmpty();
  }

  @Test
  void aKeptPortHeldByAnotherProcessMovesToAFreeOneWithOneLine() throws IOException {
    try (ServerSocket squatter = new ServerSocket()) {
      squatter.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      int postgres = squatter.getLocalPort();
      int moto = freePortFrom(24_200, Set.of(postgres));

      LocalPorts asked = BenchPorts.toAskFor(Optional.of(kept(postgres, moto)), DIR, notices::add);

      int instead = asked.postgres().orElseThrow();
      assertThat(instead).isNotEqualTo(postgres).isNotEqualTo(moto);
      assertThat(Ports.isFree(instead)).isTrue();
      assertThat(asked.moto()).hasValue(moto);
      assertThat(notices)
          .containsExactly(
              "bench: another process holds this bench's PostgreSQL port "
                  + postgres
                  + "; taking "
                  + instead
                  + " instead (kept in "
                  + DIR.resolve("ports.json")
                  + " from now on)");
    }
  }

  @Test
  void theFirstStartAsksForTheDefaults() {
    assertThat(BenchPorts.toAskFor(Optional.empty(), DIR, notices::add))
        .isEqualTo(LocalPorts.defaults());
    assertThat(notices).isEmpty();
  }
}
