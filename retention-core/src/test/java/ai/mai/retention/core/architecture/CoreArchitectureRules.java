package ai.mai.retention.core.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The core's architecture rules, each a function of the root package it guards, so that the same
 * rule runs over the real core and over a small set of deliberately broken classes (which proves it
 * can fail). Every rule refuses to pass vacuously: {@code allowEmptyShould(false)} makes a rule
 * over a package that matches no class fail instead of checking nothing.
 *
 * <p>Reuse for the whole project: import with {@link #PRODUCTION_CLASSES}, call a rule with the
 * package it guards, and keep a violating sample next to each new rule.
 */
public final class CoreArchitectureRules {

  public static final String CORE = "ai.mai.retention.core";

  /**
   * Main classes only: no test classes from {@code target/test-classes}, and none from a module's
   * test-jar either (the contract suite depends on JUnit and AssertJ by design).
   */
  public static final ImportOption PRODUCTION_CLASSES =
      new ImportOption() {
        private final ImportOption noTestClasses = new ImportOption.DoNotIncludeTests();
        private final Pattern testJar = Pattern.compile(".*-tests\\.jar.*");

        @Override
        public boolean includes(Location location) {
          return noTestClasses.includes(location) && !location.matches(testJar);
        }
      };

  private CoreArchitectureRules() {}

  /** The main classes under {@code root}. */
  public static JavaClasses importProduction(String root) {
    return new ClassFileImporter().withImportOption(PRODUCTION_CLASSES).importPackages(root);
  }

  /** The core is plain Java: it depends on the JDK and on itself, nothing else. */
  public static ArchRule dependOnlyOnTheJdk(String root) {
    return classes()
        .that()
        .resideInAPackage(root + "..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", root + "..")
        .as("classes in " + root + " depend only on java.. and " + root)
        .allowEmptyShould(false);
  }

  /**
   * Time comes in through an injected {@link Clock}: no reads of the system clock. {@code
   * Instant.now(clock)} is fine; {@code Instant.now()} is not.
   */
  public static ArchRule neverReadTheSystemClock(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + "..")
        .should()
        .callMethod(Instant.class, "now")
        .orShould()
        .callMethod(LocalDate.class, "now")
        .orShould()
        .callMethod(LocalDateTime.class, "now")
        .orShould()
        .callMethod(LocalTime.class, "now")
        .orShould()
        .callMethod(ZonedDateTime.class, "now")
        .orShould()
        .callMethod(OffsetDateTime.class, "now")
        .orShould()
        .callMethod(System.class, "currentTimeMillis")
        .orShould()
        .callMethod(System.class, "nanoTime")
        .orShould()
        .callMethod(Clock.class, "systemUTC")
        .orShould()
        .callMethod(Clock.class, "systemDefaultZone")
        .orShould()
        .callMethod(Clock.class, "system", ZoneId.class)
        .orShould()
        .callConstructor(Date.class)
        .as("classes in " + root + " never read the system clock; a java.time.Clock is injected")
        .allowEmptyShould(false);
  }

  /** No cycles between the packages directly under {@code root} (domain, port, service). */
  public static ArchRule haveNoPackageCycles(String root) {
    return slices()
        .matching(root + ".(*)..")
        .should()
        .beFreeOfCycles()
        .as("packages directly under " + root + " are free of cycles")
        .allowEmptyShould(false);
  }

  /** Dependencies point inward: the domain knows nothing of ports or services. */
  public static ArchRule keepTheDomainInnermost(String root) {
    return classes()
        .that()
        .resideInAPackage(root + ".domain..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("java..", root + ".domain..")
        .as("the domain of " + root + " depends only on java.. and itself")
        .allowEmptyShould(false);
  }

  /** Ports are contracts; they never reach into the services that implement or use them. */
  public static ArchRule keepPortsFreeOfServices(String root) {
    return noClasses()
        .that()
        .resideInAPackage(root + ".port..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage(root + ".service..")
        .as("ports of " + root + " do not depend on its services")
        .allowEmptyShould(false);
  }

  /** In-ports are named {@code *UseCase} and are interfaces. */
  public static ArchRule makeUseCasesInterfaces(String root) {
    return classes()
        .that()
        .resideInAPackage(root + ".port.in..")
        .and()
        .haveSimpleNameEndingWith("UseCase")
        .should()
        .beInterfaces()
        .as("use cases in " + root + ".port.in are interfaces")
        .allowEmptyShould(false);
  }

  /** Every interface among the in-ports is a use case, named so. */
  public static ArchRule nameInPortInterfacesUseCase(String root) {
    return classes()
        .that()
        .resideInAPackage(root + ".port.in..")
        .and()
        .areInterfaces()
        .should()
        .haveSimpleNameEndingWith("UseCase")
        .as("interfaces in " + root + ".port.in are named *UseCase")
        .allowEmptyShould(false);
  }

  /** What implements a use case is a {@code *Service} in the service package. */
  public static ArchRule implementUseCasesInServices(String root) {
    return classes()
        .that()
        .implement(resideInAPackage(root + ".port.in..").and(simpleNameEndingWith("UseCase")))
        .and()
        .areNotInterfaces()
        .should()
        .haveSimpleNameEndingWith("Service")
        .andShould()
        .resideInAPackage(root + ".service..")
        .as("use cases of " + root + " are implemented by *Service classes in " + root + ".service")
        .allowEmptyShould(false);
  }

  /** All of the above, for one root. */
  public static List<ArchRule> all(String root) {
    return List.of(
        dependOnlyOnTheJdk(root),
        neverReadTheSystemClock(root),
        haveNoPackageCycles(root),
        keepTheDomainInnermost(root),
        keepPortsFreeOfServices(root),
        makeUseCasesInterfaces(root),
        nameInPortInterfacesUseCase(root),
        implementUseCasesInServices(root));
  }
}
