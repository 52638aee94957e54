package app.cruddur.ops.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GcLogTest {
  @Test
  void readsThePausesAndTheHeapAtExitOfAG1Log() {
    GcLog log =
        GcLog.parse(
            List.of(
                "[0.003s] Using G1",
                "[0.391s] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 19M->7M(388M) 9.462ms",
                "[2.090s] GC(4) Pause Young (Normal) (G1 Evacuation Pause) 45M->15M(472M) 8.368ms",
                "[3.235s] GC(5) Pause Young (Concurrent Start) (Metadata GC Threshold)"
                    + " 70M->14M(472M) 7.791ms",
                "[3.235s] GC(6) Concurrent Mark Cycle",
                "[3.400s] Heap",
                "[3.400s]  garbage-first heap   total 483328K, used 23552K [0x0000000687400000,"
                    + " 0x0000000800000000)",
                "[3.400s]  Metaspace       used 3453K, committed 3648K, reserved 1114112K"));
    assertThat(log.collections()).isEqualTo(3);
    assertThat(log.maxBeforeMb()).isEqualTo(70);
    assertThat(log.maxAfterMb()).isEqualTo(15);
    assertThat(log.maxCommittedMb()).isEqualTo(472);
    assertThat(log.exitUsedKb()).isEqualTo(23552);
  }

  @Test
  void theLiveSetIsWhatFullCollectionsLeaveNotAYoungOneThatFreedNothing() {
    GcLog log =
        GcLog.parse(
            List.of(
                "[0.261s] GC(0) Pause Young (Allocation Failure) 17M->4M(61M) 6.208ms",
                "[48.241s] GC(60) Pause Young (Allocation Failure) 58M->58M(61M) 0.044ms",
                "[221.860s] GC(300) Pause Full (Allocation Failure) 57M->40M(61M) 65.765ms",
                "[262.847s] GC(360) Pause Full (Allocation Failure) 56M->43M(61M) 62.182ms",
                "[610.368s] GC(720) Pause Full (Allocation Failure) 60M->41M(61M) 64.913ms"));
    assertThat(log.maxAfterMb()).isEqualTo(58);
    assertThat(log.full()).isEqualTo(new GcLog.FullCollections(3, 43, 41));
  }

  @Test
  void aRunWithoutCollectionsHasOnlyTheHeapAtExit() {
    GcLog log =
        GcLog.parse(
            List.of(
                "[0.003s] Using G1",
                "[0.455s] Heap",
                "[0.455s]  garbage-first heap   total 65536K, used 5992K [0x00000000fc000000,"
                    + " 0x0000000100000000)"));
    assertThat(log.collections()).isZero();
    assertThat(log.exitUsedKb()).isEqualTo(5992);
  }
}
