package app.cruddur.ops.runner.internal.stepfile;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a step comes from: the project and the file.
 *
 * @param projectDir the project directory
 * @param file the step file, relative to the project ({@code seeders/V001__schema.yaml})
 */
public record StepSource(Path projectDir, String file) {
  /** A path named in the step file, relative to the project; it must exist. */
  public Path existingFile(YamlMap body, String key) {
    String relative = body.string(key);
    Path path = projectDir.resolve(relative).normalize();
    if (!path.startsWith(projectDir)) {
      throw body.error(key, "'" + relative + "' is outside the project");
    }
    if (!Files.isRegularFile(path)) {
      throw body.error(key, "'" + relative + "' does not exist");
    }
    return path;
  }
}
