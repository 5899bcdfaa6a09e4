package ai.mai.retention.scheduler.quartz;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
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
