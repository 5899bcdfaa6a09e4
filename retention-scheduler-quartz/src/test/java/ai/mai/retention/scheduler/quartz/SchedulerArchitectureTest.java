package ai.mai.retention.scheduler.quartz;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The scheduler drives core's in-ports or the front door, and nothing else of the project. */
class SchedulerArchitectureTest {

  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("ai.mai.retention.scheduler.quartz");
  }

  @Test
  void theRulesSeeTheScheduler() {
    assertThat(main.contain(QuartzCleanupScheduler.class)).isTrue();
    assertThat(main.contain(QuartzSchedulerModule.class)).isTrue();
  }

  @Test
  void mainCodeDependsOnlyOnCoreTheFrontDoorQuartzFlywayGuiceSlf4jAndTheJdk() {
    classes()
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage(
            "java..",
            "javax.sql..",
            "ai.mai.retention.core.domain..",
            "ai.mai.retention.core.port.in..",
            "ai.mai.retention.embedded..",
            "ai.mai.retention.scheduler.quartz..",
            "org.quartz..",
            "org.flywaydb.core..",
            "org.slf4j..",
            "com.google.inject..",
            "jakarta.inject..")
        .check(main);
  }

  /**
   * The schedule's life reads time from its {@link java.time.Clock} only. The settings record (is
   * the cron spent already?) and the two places that pick the system clock as a default are the
   * exceptions.
   */
  private static final ArchRule TIME_ONLY_FROM_THE_CLOCK =
      noClasses()
          .that()
          .doNotHaveSimpleName("ScheduleSettings")
          .and()
          .doNotHaveSimpleName("CleanupSchedulerBuilder")
          .and()
          .doNotHaveSimpleName("QuartzSchedulerModule")
          .should()
          .callMethod(Instant.class, "now")
          .orShould()
          .callMethod(System.class, "currentTimeMillis")
          .orShould()
          .callMethod(System.class, "nanoTime")
          .orShould()
          .callMethod(Clock.class, "systemUTC")
          .orShould()
          .callConstructor(Date.class)
          .allowEmptyShould(false);

  @Test
  void timeComesOnlyFromTheClock() {
    TIME_ONLY_FROM_THE_CLOCK.check(main);
  }

  @Test
  void theClockRuleReportsASchedulerClassReadingTheSystemClock() {
    JavaClasses violation = new ClassFileImporter().importClasses(ReadsTheSystemClock.class);

    assertThat(TIME_ONLY_FROM_THE_CLOCK.evaluate(violation).hasViolation()).isTrue();
  }

  /** Deliberately breaks the clock rule. */
  static final class ReadsTheSystemClock {
    Instant now() {
      return Instant.now();
    }
  }

  @Test
  void guiceOnlyInModulesAndTheGuiceJobFactory() {
    noClasses()
        .that()
        .haveSimpleNameNotEndingWith("Module")
        .and()
        .doNotHaveSimpleName("GuiceJobFactory")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("com.google.inject..", "jakarta.inject..")
        .check(main);
  }
}
