package app.cruddur.ops.runner.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which package of ours names which, read from the sources: import lines and names written out in
 * full. The compiled classes cannot say it all: a constant of another package is copied into the
 * class that reads it, so the bytecode (and ArchUnit) no longer shows that dependency.
 */
final class SourceImports {
  private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);

  private final Map<String, Set<String>> uses = new TreeMap<>();
  private final Map<String, Set<String>> names = new TreeMap<>();

  private SourceImports() {}

  /** The packages under {@code prefix} in the source trees {@code roots}, and what each names. */
  static SourceImports of(String prefix, List<Path> roots) {
    SourceImports graph = new SourceImports();
    Pattern named =
        Pattern.compile("\\b(" + Pattern.quote(prefix) + "(?:\\.[a-z]\\w*)*)\\.([A-Z]\\w*|\\*)");
    for (Path root : roots) {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
          String code = codeOnly(Files.readString(file));
          Matcher pkg = PACKAGE.matcher(code);
          if (!pkg.find()) {
            continue;
          }
          String from = pkg.group(1);
          Set<String> to = graph.uses.computeIfAbsent(from, k -> new TreeSet<>());
          Set<String> classes = graph.names.computeIfAbsent(from, k -> new TreeSet<>());
          Matcher m = named.matcher(code.substring(pkg.end()));
          while (m.find()) {
            if (!m.group(1).equals(from)) {
              to.add(m.group(1));
              classes.add(m.group(1) + "." + m.group(2));
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return graph;
  }

  /** {@code source} without its comments, string, text-block and character literals. */
  static String codeOnly(String source) {
    StringBuilder code = new StringBuilder(source.length());
    int i = 0;
    int n = source.length();
    while (i < n) {
      char c = source.charAt(i);
      if (source.startsWith("//", i)) {
        i = source.indexOf('\n', i);
        i = i < 0 ? n : i;
      } else if (source.startsWith("/*", i)) {
        int end = source.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
        code.append(' ');
      } else if (source.startsWith("\"\"\"", i)) {
        int end = source.indexOf("\"\"\"", i + 3);
        i = end < 0 ? n : end + 3;
        code.append("\"\"");
      } else if (c == '"' || c == '\'') {
        int j = i + 1;
        while (j < n && source.charAt(j) != c) {
          j += source.charAt(j) == '\\' ? 2 : 1;
        }
        i = j + 1;
        code.append(c).append(c);
      } else {
        code.append(c);
        i++;
      }
    }
    return code.toString();
  }

  /** Every package the sources declare. */
  Set<String> packages() {
    return uses.keySet();
  }

  /** The packages {@code pkg} names. */
  Set<String> usedBy(String pkg) {
    return uses.getOrDefault(pkg, Set.of());
  }

  /**
   * The classes of other packages {@code pkg} names, in full ({@code a.b.C}); a wildcard import
   * names its package's every class ({@code a.b.*}).
   */
  Set<String> classesNamedBy(String pkg) {
    return names.getOrDefault(pkg, Set.of());
  }

  /**
   * Each cycle, as the packages on it ({@code a -> b -> a}), skipping edges {@code ignored} says
   * may go both ways.
   */
  List<String> cycles(java.util.function.BiPredicate<String, String> ignored) {
    List<String> found = new ArrayList<>();
    Set<String> done = new TreeSet<>();
    for (String start : uses.keySet()) {
      Deque<String> path = new ArrayDeque<>();
      walk(start, start, path, done, ignored, found);
      done.add(start);
    }
    return found;
  }

  private void walk(
      String start,
      String at,
      Deque<String> path,
      Set<String> done,
      java.util.function.BiPredicate<String, String> ignored,
      List<String> found) {
    path.addLast(at);
    for (String next : usedBy(at)) {
      if (ignored.test(at, next) || done.contains(next)) {
        continue;
      }
      if (next.equals(start)) {
        found.add(String.join(" -> ", path) + " -> " + start);
      } else if (!path.contains(next)) {
        walk(start, next, path, done, ignored, found);
      }
    }
    path.removeLast();
  }
}
