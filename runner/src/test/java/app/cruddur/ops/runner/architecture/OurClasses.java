package app.cruddur.ops.runner.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/**
 * Our compiled classes (model, moto, functions, runner; no tests), imported once per test JVM: the
 * import is the slow part.
 */
public final class OurClasses {
  private static JavaClasses classes;

  private OurClasses() {}

  public static synchronized JavaClasses get() {
    if (classes == null) {
      classes =
          new ClassFileImporter()
              .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
              .importPackages("app.cruddur.ops");
    }
    return classes;
  }
}
