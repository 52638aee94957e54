package app.cruddur.ops.runner.internal.stepfile;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The identity and order of a step, from its file name in the Flyway convention: {@code
 * V<version>__<description>.yaml} (versioned: runs once per target) or {@code
 * R__<description>.yaml} (repeatable: runs again when it changes, or every release for sync steps).
 * Versions compare numerically part by part: {@code V2 < V10}, {@code V1.2 < V1.10}.
 *
 * @param key the ledger key: {@code V001} or {@code R__cognito_sync}
 * @param version the version parts (empty for a repeatable step)
 * @param name the description part of the file name
 */
public record StepId(String key, List<BigInteger> version, String name)
    implements Comparable<StepId> {
  private static final Pattern VERSIONED =
      Pattern.compile("V(\\d+(?:[._]\\d+)*)__([A-Za-z0-9_.-]+)\\.ya?ml");
  private static final Pattern REPEATABLE = Pattern.compile("R__([A-Za-z0-9_.-]+)\\.ya?ml");

  /** What a valid step file name looks like, for error messages. */
  public static final String NAMING =
      "V<version>__<description>.yaml or R__<description>.yaml, e.g. V003__dev_conversation.yaml";

  private static final Comparator<List<BigInteger>> VERSION_ORDER =
      (a, b) -> {
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
          BigInteger x = i < a.size() ? a.get(i) : BigInteger.ZERO;
          BigInteger y = i < b.size() ? b.get(i) : BigInteger.ZERO;
          int c = x.compareTo(y);
          if (c != 0) {
            return c;
          }
        }
        return 0;
      };

  public StepId {
    Objects.requireNonNull(key, "key");
    version = List.copyOf(version);
    Objects.requireNonNull(name, "name");
  }

  /** The id a file name gives, or empty when the name does not follow the convention. */
  public static Optional<StepId> fromFileName(String fileName) {
    Matcher v = VERSIONED.matcher(fileName);
    if (v.matches()) {
      List<BigInteger> parts = new ArrayList<>();
      for (String part : v.group(1).split("[._]")) {
        parts.add(new BigInteger(part));
      }
      return Optional.of(new StepId("V" + v.group(1), parts, v.group(2)));
    }
    Matcher r = REPEATABLE.matcher(fileName);
    if (r.matches()) {
      return Optional.of(new StepId("R__" + r.group(1), List.of(), r.group(1)));
    }
    return Optional.empty();
  }

  /** True for a versioned step. */
  public boolean versioned() {
    return !version.isEmpty();
  }

  /** True when both are versioned with numerically equal versions ({@code V1} and {@code V001}). */
  public boolean sameVersion(StepId other) {
    return versioned() && other.versioned() && VERSION_ORDER.compare(version, other.version) == 0;
  }

  /** The description from the file name: underscores as spaces. */
  public String defaultDescription() {
    return name.replace('_', ' ');
  }

  /** Versioned steps in version order, then repeatable steps by name. */
  @Override
  public int compareTo(StepId other) {
    if (versioned() != other.versioned()) {
      return versioned() ? -1 : 1;
    }
    int byVersion = VERSION_ORDER.compare(version, other.version);
    return byVersion != 0 ? byVersion : key.compareTo(other.key);
  }

  @Override
  public String toString() {
    return key;
  }
}
