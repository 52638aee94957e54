package app.cruddur.ops.runner.internal.liquibase;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A changelog that includes itself, found from the files' text (the include entries of YAML, XML
 * and JSON changelogs), to name the file that closes the cycle: Liquibase only overflows its stack.
 *
 * @param chain the files from the changelog to the one included again, in include order
 */
record IncludeCycle(List<String> chain) {
  private static final Pattern INCLUDED =
      Pattern.compile("\\bfile\\b\"?\\s*[:=]\\s*[\"']?([^\"'\\s,}>]+)");

  /** The file whose include leads back. */
  String file() {
    return chain.get(chain.size() - 2);
  }

  /** {@code a.yaml includes b.yaml, which includes a.yaml}. */
  String describe() {
    StringBuilder text = new StringBuilder(chain.get(0));
    for (int i = 1; i < chain.size(); i++) {
      text.append(i == 1 ? " includes " : ", which includes ").append(chain.get(i));
    }
    return text.toString();
  }

  /**
   * The first cycle reachable from {@code changelog} (relative to the project), if the text shows
   * one.
   */
  static Optional<IncludeCycle> find(Path projectDir, String changelog) {
    return walk(projectDir, new ArrayList<>(List.of(changelog)));
  }

  private static Optional<IncludeCycle> walk(Path projectDir, List<String> chain) {
    String current = chain.get(chain.size() - 1);
    String text;
    try {
      text = Files.readString(projectDir.resolve(current), StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException unreadable) {
      return Optional.empty();
    }
    Matcher m = INCLUDED.matcher(text);
    while (m.find()) {
      Optional<String> included = resolve(projectDir, current, m.group(1));
      if (included.isEmpty()) {
        continue;
      }
      List<String> next = new ArrayList<>(chain);
      next.add(included.get());
      if (chain.contains(included.get())) {
        return Optional.of(
            new IncludeCycle(next.subList(chain.indexOf(included.get()), next.size())));
      }
      Optional<IncludeCycle> deeper = walk(projectDir, next);
      if (deeper.isPresent()) {
        return deeper;
      }
    }
    return Optional.empty();
  }

  /** An include as a project-relative path: as written, else relative to the including file. */
  private static Optional<String> resolve(Path projectDir, String from, String written) {
    Path root = projectDir.toAbsolutePath().normalize();
    for (Path candidate :
        List.of(root.resolve(written), root.resolve(from).getParent().resolve(written))) {
      Path normal = candidate.normalize();
      if (normal.startsWith(root) && Files.isRegularFile(normal)) {
        return Optional.of(root.relativize(normal).toString().replace('\\', '/'));
      }
    }
    return Optional.empty();
  }
}
