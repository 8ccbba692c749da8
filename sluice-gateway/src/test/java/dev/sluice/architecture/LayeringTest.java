package dev.sluice.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.sluice.pipeline.Stage;
import dev.sluice.pipeline.Terminal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The layering DESIGN.md asks for, checked on the compiled classes. */
class LayeringTest {
  static final JavaClasses SLUICE = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.sluice")
      .that(JavaClass.Predicates.resideOutsideOfPackage("dev.sluice.testkit.."));

  @Test
  void providersTranslateBytesAndKnowNothingOfStagesOrServers() {
    classes().that().resideInAPackage("dev.sluice.provider..")
        .should().onlyDependOnClassesThat().resideInAnyPackage(
            "dev.sluice.provider..", "dev.sluice.api..", "dev.sluice.sse..", "java..", "javax.crypto..",
            "com.fasterxml.jackson..", "com.knuddels.jtokkit..",
            // the well-kept libraries for what we do not hand-write: SigV4, event-stream, OAuth2
            "software.amazon.awssdk..", "software.amazon.eventstream..", "com.google.auth..",
            "com.google.api.client..")
        .check(SLUICE);
  }

  @Test
  void vertxStaysInServerUpstreamAndStore() {
    noClasses().that().resideOutsideOfPackages(
            "dev.sluice.server..", "dev.sluice.upstream..", "dev.sluice.store..")
        .should().dependOnClassesThat().resideInAPackage("io.vertx..")
        .check(SLUICE);
  }

  @Test
  void stagesDoNotCallEachOther() {
    List<String> stages = List.of("authenticate", "authorize", "budget", "route", "upstream", "observe");
    for (String stage : stages) {
      String own = "dev.sluice." + stage + "..";
      DescribedPredicate<JavaClass> otherStage = new DescribedPredicate<>("a stage of another package") {
        @Override
        public boolean test(JavaClass c) {
          return stages.stream().anyMatch(other -> !other.equals(stage)
                  && c.getPackageName().startsWith("dev.sluice." + other))
              && (c.isAssignableTo(Stage.class) || c.isAssignableTo(Terminal.class));
        }
      };
      noClasses().that().resideInAPackage(own)
          .should().dependOnClassesThat(otherStage)
          .check(SLUICE);
    }
  }
}
