package ai.mai.retention.app.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.lang.ArchRule;

/**
 * The hexagon's rules over the whole project (ARCHITECTURE.md). Each rule refuses to pass on an
 * empty class set, so a renamed package fails the build instead of silently checking nothing.
 */
final class ProjectArchitectureRules {

  static final String ROOT = "ai.mai.retention";

  private ProjectArchitectureRules() {}

  /** Core is pure: the JDK and itself. */
  static final ArchRule CORE_DEPENDS_ONLY_ON_THE_JDK =
      com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes()
          .that()
          .resideInAPackage(ROOT + ".core..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(ROOT + ".core..", "java..")
          .allowEmptyShould(false)
          .because("the domain knows nothing of SQL, MyBatis, Quartz or Guice");

  static final ArchRule MYBATIS_ONLY_IN_ADAPTERS =
      noClasses()
          .that()
          .resideOutsideOfPackage(ROOT + ".adapter..")
          .and()
          .resideInAPackage(ROOT + "..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.apache.ibatis..")
          .allowEmptyShould(false)
          .because("SQL lives in the database adapters");

  static final ArchRule QUARTZ_ONLY_IN_THE_SCHEDULER =
      noClasses()
          .that()
          .resideOutsideOfPackage(ROOT + ".scheduler.quartz..")
          .and()
          .resideInAPackage(ROOT + "..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.quartz..")
          .allowEmptyShould(false)
          .because("scheduling is the scheduler module's business");

  /**
   * Guice appears only in *Module classes (and the job factory): it is an optional dependency of
   * the library for Guice hosts, and the app's composition root is plain construction.
   */
  static final ArchRule GUICE_ONLY_IN_MODULES =
      noClasses()
          .that()
          .resideInAnyPackage(
              ROOT + ".adapter..",
              ROOT + ".scheduler..",
              ROOT + ".core..",
              ROOT + ".embedded..",
              ROOT + ".app..")
          .and()
          .haveSimpleNameNotEndingWith("Module")
          .and()
          .haveSimpleNameNotEndingWith("JobFactory")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("com.google.inject..")
          .allowEmptyShould(false)
          .because("the library is usable without Guice; modules are the only bridge");

  /**
   * The app is a client of the front door like any host: it builds a {@code Retention} (and the
   * scheduler's entry takes it), and never reaches an adapter, core's services, MyBatis or Flyway.
   */
  static final ArchRule THE_APP_USES_THE_FRONT_DOOR =
      noClasses()
          .that()
          .resideInAPackage(ROOT + ".app..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              ROOT + ".adapter..",
              ROOT + ".core.service..",
              "org.apache.ibatis..",
              "org.flywaydb..")
          .allowEmptyShould(false)
          .because("every rule and default lives once, in the library behind Retention.builder");

  static final ArchRule SQLITE_ADAPTER_DOES_NOT_USE_POSTGRES =
      noClasses()
          .that()
          .resideInAPackage(ROOT + ".adapter.sqlite..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(ROOT + ".adapter.postgres..", "org.postgresql..")
          .allowEmptyShould(false);

  static final ArchRule POSTGRES_ADAPTER_DOES_NOT_USE_SQLITE =
      noClasses()
          .that()
          .resideInAPackage(ROOT + ".adapter.postgres..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(ROOT + ".adapter.sqlite..", "org.sqlite..")
          .allowEmptyShould(false);

  static final ArchRule SHARED_ADAPTER_CODE_IS_DIALECT_FREE =
      noClasses()
          .that()
          .resideInAPackage(ROOT + ".adapter.jdbc..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              ROOT + ".adapter.sqlite..",
              ROOT + ".adapter.postgres..",
              "org.sqlite..",
              "org.postgresql..")
          .allowEmptyShould(false);

  static final ArchRule NOTHING_BUT_THE_APP_DEPENDS_ON_THE_APP =
      noClasses()
          .that()
          .resideOutsideOfPackage(ROOT + ".app..")
          .and()
          .resideInAPackage(ROOT + "..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage(ROOT + ".app..")
          .allowEmptyShould(false)
          .because("the app is the composition root; dependencies point inward");

  /** The front door is what hosts see; the layers below it never reach up to it. */
  static final ArchRule NOTHING_BELOW_THE_FRONT_DOOR_DEPENDS_ON_IT =
      noClasses()
          .that()
          .resideInAnyPackage(ROOT + ".core..", ROOT + ".adapter..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage(ROOT + ".embedded..")
          .allowEmptyShould(false);

  static final ArchRule ADAPTERS_AND_SCHEDULER_DO_NOT_DEPEND_ON_EACH_OTHER =
      noClasses()
          .that()
          .resideInAPackage(ROOT + ".scheduler..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage(ROOT + ".adapter..")
          .allowEmptyShould(false);
}
