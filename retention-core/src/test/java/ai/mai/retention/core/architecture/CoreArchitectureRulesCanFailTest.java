package ai.mai.retention.core.architecture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each rule, run over deliberately broken classes ({@code ...architecture.violations.*}, imported
 * on their own), reports exactly the classes that break it; and no rule passes on an empty import.
 */
class CoreArchitectureRulesCanFailTest {

  static final String VIOLATIONS = "ai.mai.retention.core.architecture.violations";

  static JavaClasses sample(String subpackage) {
    JavaClasses classes = new ClassFileImporter().importPackages(VIOLATIONS + "." + subpackage);
    assertThat(classes).as("violation sample " + subpackage).isNotEmpty();
    return classes;
  }

  static List<String> violations(ArchRule rule, JavaClasses classes) {
    EvaluationResult result = rule.evaluate(classes);
    assertThat(result.hasViolation()).as("%s reports a violation", rule.getDescription()).isTrue();
    return result.getFailureReport().getDetails();
  }

  @Test
  void onlyTheJdkCatchesThirdPartyAndJavaxDependencies() {
    String root = VIOLATIONS + ".jdkonly";

    List<String> details =
        violations(CoreArchitectureRules.dependOnlyOnTheJdk(root), sample("jdkonly"));

    assertThat(details)
        .anyMatch(line -> line.contains("UsesAssertJ") && line.contains("org.assertj"))
        .anyMatch(line -> line.contains("UsesDataSource") && line.contains("javax.sql.DataSource"))
        .noneMatch(line -> line.contains("PlainJdk"));
  }

  @Test
  void neverReadTheSystemClockCatchesEachReadButNotAnInjectedClock() {
    String root = VIOLATIONS + ".clock";

    List<String> details =
        violations(CoreArchitectureRules.neverReadTheSystemClock(root), sample("clock"));

    assertThat(details)
        .anyMatch(line -> line.contains("ReadsInstantNow") && line.contains("Instant.now()"))
        .anyMatch(line -> line.contains("ReadsLocalDateNow") && line.contains("LocalDate.now()"))
        .anyMatch(
            line ->
                line.contains("ReadsCurrentTimeMillis")
                    && line.contains("System.currentTimeMillis()"))
        .anyMatch(line -> line.contains("ChoosesSystemClock") && line.contains("Clock.systemUTC()"))
        .noneMatch(line -> line.contains("UsesInjectedClock"));
  }

  @Test
  void haveNoPackageCyclesCatchesACycle() {
    String root = VIOLATIONS + ".cycle";

    List<String> details =
        violations(CoreArchitectureRules.haveNoPackageCycles(root), sample("cycle"));

    assertThat(String.join("\n", details)).contains("Alpha").contains("Beta");
  }

  @Test
  void theDomainStaysInnermostAndPortsStayFreeOfServices() {
    String root = VIOLATIONS + ".layers";
    JavaClasses layers = sample("layers");

    assertThat(violations(CoreArchitectureRules.keepTheDomainInnermost(root), layers))
        .anyMatch(line -> line.contains("Entity") && line.contains("Helper"))
        .noneMatch(line -> line.contains("Value"));
    assertThat(violations(CoreArchitectureRules.keepPortsFreeOfServices(root), layers))
        .anyMatch(line -> line.contains("Store") && line.contains("Helper"));
  }

  @Test
  void inPortsAndTheirImplementationsAreNamedAndShapedAsAgreed() {
    String root = VIOLATIONS + ".ports";
    JavaClasses ports = sample("ports");

    assertThat(violations(CoreArchitectureRules.makeUseCasesInterfaces(root), ports))
        .anyMatch(line -> line.contains("BrokenUseCase"))
        .noneMatch(line -> line.contains("GoodUseCase"));
    assertThat(violations(CoreArchitectureRules.nameInPortInterfacesUseCase(root), ports))
        .anyMatch(line -> line.contains("Runner"))
        .noneMatch(line -> line.contains("GoodUseCase"));
    assertThat(violations(CoreArchitectureRules.implementUseCasesInServices(root), ports))
        .anyMatch(line -> line.contains("CleanupRunner") && line.contains("Service"))
        .anyMatch(line -> line.contains("StrayService") && line.contains(".service"))
        .noneMatch(line -> line.contains("GoodService"));
  }

  static Stream<Function<String, ArchRule>> everyRule() {
    return Stream.of(
        CoreArchitectureRules::dependOnlyOnTheJdk,
        CoreArchitectureRules::neverReadTheSystemClock,
        CoreArchitectureRules::haveNoPackageCycles,
        CoreArchitectureRules::keepTheDomainInnermost,
        CoreArchitectureRules::keepPortsFreeOfServices,
        CoreArchitectureRules::makeUseCasesInterfaces,
        CoreArchitectureRules::nameInPortInterfacesUseCase,
        CoreArchitectureRules::implementUseCasesInServices);
  }

  /** A misspelt root package must fail the build, not silently check nothing. */
  @ParameterizedTest
  @MethodSource("everyRule")
  void noRulePassesOverAPackageThatDoesNotExist(Function<String, ArchRule> rule) {
    String missing = "ai.mai.retention.kore";
    JavaClasses nothing = new ClassFileImporter().importPackages(missing);
    assertThat(nothing).isEmpty();

    assertThatThrownBy(() -> rule.apply(missing).check(nothing))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("failed to check any classes");
  }

  @Test
  void everyRuleIsCoveredByACanFailTest() {
    assertThat(everyRule().count()).isEqualTo(CoreArchitectureRules.all("x").size());
  }
}
