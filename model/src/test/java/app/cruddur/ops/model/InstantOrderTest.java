package app.cruddur.ops.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Sort keys in mixed forms, read the way DynamoDB returns them (string order), give the newest
 * items by instant; time windows miss none of them.
 */
class InstantOrderTest {
  static final Instant T0 = Instant.parse("2026-12-01T07:00:00Z");
  static final List<ZoneOffset> OFFSETS =
      List.of(
          ZoneOffset.UTC,
          ZoneOffset.ofHours(-5),
          ZoneOffset.ofHours(-12),
          ZoneOffset.ofHours(14),
          ZoneOffset.ofHoursMinutes(5, 30));

  /** An instant and the sort key some client wrote for it. */
  record Written(Instant at, String sk) {}

  @Test
  void aWallClockEarlierStringCanBeTheLaterInstant() {
    Written utc =
        new Written(Instant.parse("2026-12-01T03:00:00Z"), "2026-12-01T03:00:00.000000+00:00");
    Written behind =
        new Written(Instant.parse("2026-12-01T07:50:00Z"), "2026-12-01T02:50:00.000000-05:00");
    List<Written> dynamoOrder = byStringNewestFirst(List.of(utc, behind));
    assertThat(dynamoOrder).containsExactly(utc, behind);

    InstantOrder.NewestFirst<Written> newest = new InstantOrder.NewestFirst<>(1, Written::at);
    for (Written w : dynamoOrder) {
      if (newest.complete(w.sk())) {
        break;
      }
      newest.add(w);
    }

    assertThat(newest.result()).containsExactly(behind);
  }

  @Test
  void newestFirstInStringOrderFindsTheNewestByInstantAndStopsEarly() {
    Random random = new Random(11);
    List<Written> items = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      items.add(
          written(
              T0.plus(Duration.ofSeconds(random.nextInt(10 * 24 * 3600)))
                  .plusNanos(random.nextInt(1_000_000) * 1000L),
              random));
    }
    List<Written> dynamoOrder = byStringNewestFirst(items);

    InstantOrder.NewestFirst<Written> newest = new InstantOrder.NewestFirst<>(20, Written::at);
    int read = 0;
    for (Written w : dynamoOrder) {
      if (newest.complete(w.sk())) {
        break;
      }
      newest.add(w);
      read++;
    }

    List<Written> expected =
        items.stream().sorted(Comparator.comparing(Written::at).reversed()).limit(20).toList();
    assertThat(newest.result()).containsExactlyElementsOf(expected);
    assertThat(read).as("stops once no later key can be newer").isLessThan(items.size());
  }

  @Test
  void theKeyWindowOfATimeWindowHoldsEveryFormOfEveryInstantInIt() {
    Instant since = T0;
    Instant until = T0.plus(Duration.ofMinutes(10));
    String low = InstantOrder.lowerBound(since);
    String high = InstantOrder.upperBound(until);
    for (Instant at : List.of(since, until, since.plusSeconds(1), until.minusNanos(1000))) {
      for (ZoneOffset offset : OFFSETS) {
        for (String sk : forms(at, offset)) {
          assertThat(sk.compareTo(low)).as(sk + " >= " + low).isGreaterThanOrEqualTo(0);
          assertThat(sk.compareTo(high)).as(sk + " <= " + high).isLessThanOrEqualTo(0);
        }
      }
    }
  }

  /** Some client's sort key for about {@code at}, and the instant that key names. */
  static Written written(Instant at, Random random) {
    List<String> forms = forms(at, OFFSETS.get(random.nextInt(OFFSETS.size())));
    String sk = forms.get(random.nextInt(forms.size()));
    return new Written(IsoTimestamps.parse(sk), sk);
  }

  /** The forms clients write: with the offset, Z or none when it is UTC, micro or milliseconds. */
  static List<String> forms(Instant at, ZoneOffset offset) {
    var local = at.atOffset(offset);
    List<String> forms =
        new ArrayList<>(
            List.of(
                local.format(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx")),
                local.format(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSxxx"))));
    if (offset.equals(ZoneOffset.UTC)) {
      forms.add(local.format(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS")));
      forms.add(local.format(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")));
    }
    return forms;
  }

  static List<Written> byStringNewestFirst(List<Written> items) {
    return items.stream().sorted(Comparator.comparing(Written::sk).reversed()).toList();
  }
}
