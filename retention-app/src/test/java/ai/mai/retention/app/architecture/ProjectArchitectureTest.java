package ai.mai.retention.app.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The whole project's production classes (all modules are on the app's classpath). */
class ProjectArchitectureTest {

  private static JavaClasses production;

  @BeforeAll
  static void importProductionClasses() {
    production =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // The contract suite ships in core's test-jar; it is test code, not production.
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages(ProjectArchitectureRules.ROOT);
  }

  static Stream<ArchRule> rules() {
    return Stream.of(
        ProjectArchitectureRules.CORE_DEPENDS_ONLY_ON_THE_JDK,
        ProjectArchitectureRules.MYBATIS_ONLY_IN_ADAPTERS,
        ProjectArchitectureRules.QUARTZ_ONLY_IN_THE_SCHEDULER,
        ProjectArchitectureRules.GUICE_ONLY_IN_MODULES,
        ProjectArchitectureRules.THE_APP_USES_THE_FRONT_DOOR,
        ProjectArchitectureRules.SQLITE_ADAPTER_DOES_NOT_USE_POSTGRES,
        ProjectArchitectureRules.POSTGRES_ADAPTER_DOES_NOT_USE_SQLITE,
        ProjectArchitectureRules.SHARED_ADAPTER_CODE_IS_DIALECT_FREE,
        ProjectArchitectureRules.NOTHING_BUT_THE_APP_DEPENDS_ON_THE_APP,
        ProjectArchitectureRules.NOTHING_BELOW_THE_FRONT_DOOR_DEPENDS_ON_IT,
        ProjectArchitectureRules.ADAPTERS_AND_SCHEDULER_DO_NOT_DEPEND_ON_EACH_OTHER);
  }

  @Test
  void everyModuleIsImported() {
    for (String module :
        new String[] {
          ".core.domain",
          ".core.service",
          ".core.port.in",
          ".core.port.out",
          ".adapter.jdbc",
          ".adapter.sqlite",
          ".adapter.postgres",
          ".embedded",
          ".scheduler.quartz",
          ".app"
        }) {
      assertThat(production.containPackage(ProjectArchitectureRules.ROOT + module))
          .as("imported " + module)
          .isTrue();
    }
  }

  @ParameterizedTest
  @MethodSource("rules")
  void holds(ArchRule rule) {
    rule.check(production);
  }

  @Test
  void theRulesReportDeliberateViolations() {
    JavaClasses violations =
        new ClassFileImporter()
            .importClasses(
                ai.mai.retention.core.violation.CoreClassUsingSql.class,
                ai.mai.retention.adapter.sqlite.violation.SqliteClassUsingPostgres.class,
                AppClassUsingMyBatisAndQuartz.class,
                AppClassUsingAnAdapterAndAService.class);

    for (ArchRule rule :
        new ArchRule[] {
          ProjectArchitectureRules.CORE_DEPENDS_ONLY_ON_THE_JDK,
          ProjectArchitectureRules.GUICE_ONLY_IN_MODULES,
          ProjectArchitectureRules.THE_APP_USES_THE_FRONT_DOOR,
          ProjectArchitectureRules.SQLITE_ADAPTER_DOES_NOT_USE_POSTGRES,
          ProjectArchitectureRules.MYBATIS_ONLY_IN_ADAPTERS,
          ProjectArchitectureRules.QUARTZ_ONLY_IN_THE_SCHEDULER
        }) {
      assertThat(rule.evaluate(violations).hasViolation()).as(rule.getDescription()).isTrue();
    }
    // Each of the app's classes alone breaks the front-door rule: an adapter, a core service.
    for (Class<?> each :
        new Class<?>[] {
          AppClassUsingAnAdapterAndAService.class, AppClassUsingMyBatisAndQuartz.class
        }) {
      assertThat(
              ProjectArchitectureRules.THE_APP_USES_THE_FRONT_DOOR
                  .evaluate(new ClassFileImporter().importClasses(each))
                  .hasViolation())
          .as(each.getSimpleName())
          .isTrue();
    }
  }

  @Test
  void noCyclesBetweenPackages() {
    SlicesRuleDefinition.slices()
        .matching(ProjectArchitectureRules.ROOT + ".(**)")
        .should()
        .beFreeOfCycles()
        .allowEmptyShould(false)
        .check(production);
  }
}
