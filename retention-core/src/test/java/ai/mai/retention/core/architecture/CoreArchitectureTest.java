package ai.mai.retention.core.architecture;

import static ai.mai.retention.core.architecture.CoreArchitectureRules.CORE;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.ArchRule;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The rules of {@link CoreArchitectureRules} over the real core. */
class CoreArchitectureTest {

  static JavaClasses core;

  @BeforeAll
  static void importCore() {
    core = CoreArchitectureRules.importProduction(CORE);
  }

  /** A rule over an empty import checks nothing; make sure every package it names is here. */
  @Test
  void theImportHoldsEveryCorePackageAndNoTestClass() {
    assertThat(core.stream().map(JavaClass::getPackageName).distinct())
        .contains(CORE + ".domain", CORE + ".port.in", CORE + ".port.out", CORE + ".service");
    assertThat(core.contain("ai.mai.retention.core.service.RunCleanupService")).isTrue();
    assertThat(core.contain("ai.mai.retention.core.port.in.RunCleanupUseCase")).isTrue();
    assertThat(core.contain("ai.mai.retention.core.domain.RetentionPolicy")).isTrue();
    assertThat(core.stream().map(JavaClass::getName))
        .as("test classes (contract suite, fakes, these rules) are not production code")
        .noneMatch(name -> name.startsWith(CORE + ".contract"))
        .noneMatch(name -> name.startsWith(CORE + ".architecture"))
        .noneMatch(name -> name.endsWith("Test"));
  }

  static Stream<ArchRule> rules() {
    return CoreArchitectureRules.all(CORE).stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void theCoreKeepsTheRule(ArchRule rule) {
    rule.check(core);
  }
}
