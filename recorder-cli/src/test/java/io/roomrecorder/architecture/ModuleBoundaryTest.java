package io.roomrecorder.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import java.util.LinkedHashSet;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the module boundaries of docs/architecture.md: which third-party libraries each module may
 * touch, and that the public API carries none of them. Runs over the production classes of every
 * module (this module depends on all of them).
 */
class ModuleBoundaryTest {

  static final String ROOT = "io.roomrecorder";

  /** Packages whose modules may import nothing but the JDK and themselves. */
  static final String[] JDK_ONLY_MODULES = {
    "io.roomrecorder.ts..",
    "io.roomrecorder.rtp..",
    "io.roomrecorder.datachannel..",
    "io.roomrecorder.webm.."
  };

  static final String API = "io.roomrecorder.api..";

  static final String[] FORBIDDEN_IN_API = {
    "org.ice4j..", "org.jitsi..", "org.bouncycastle..", "io.netty..", "com.fasterxml.jackson.."
  };

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages(ROOT);
  }

  @Test
  void sansIoModulesImportOnlyTheJdkAndThemselves() {
    for (String module : JDK_ONLY_MODULES) {
      ArchRule rule =
          ArchRuleDefinition.classes()
              .that()
              .resideInAPackage(module)
              .should()
              .onlyDependOnClassesThat()
              .resideInAnyPackage("java..", "javax..", "", module)
              .allowEmptyShould(true)
              .because("sans-IO modules are JDK only (architecture.md)");
      rule.check(classes);
    }
  }

  @Test
  void ice4jOnlyInIceAgent() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.roomrecorder.ice..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.ice4j..")
        .because("ice4j is hidden behind ice-agent's API")
        .check(classes);
  }

  @Test
  void nettyAndJacksonOnlyInSignaling() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.roomrecorder.signaling..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.netty..", "com.fasterxml.jackson..")
        .because("Netty and Jackson are hidden behind signaling's API")
        .check(classes);
  }

  @Test
  void bouncyCastleAndJitsiSrtpOnlyInRecorderCore() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.roomrecorder.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.bouncycastle..", "org.jitsi.srtp..")
        .because("DTLS and SRTP live in recorder-core")
        .check(classes);
  }

  @Test
  void jitsiUtilitiesOnlyWhereTheirLibrariesAre() {
    noClasses()
        .that()
        .resideOutsideOfPackages("io.roomrecorder.core..", "io.roomrecorder.ice..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.jitsi..")
        .check(classes);
  }

  @Test
  void publicApiSignaturesCarryNoLibraryType() {
    ArchRuleDefinition.members()
        .that()
        .areDeclaredInClassesThat()
        .resideInAPackage(API)
        .and()
        .arePublic()
        .should(exposeNoTypeFrom(FORBIDDEN_IN_API))
        .allowEmptyShould(true)
        .check(classes);
    ArchRuleDefinition.classes()
        .that()
        .resideInAPackage(API)
        .and()
        .arePublic()
        .should(extendOrImplementNoTypeFrom(FORBIDDEN_IN_API))
        .allowEmptyShould(true)
        .check(classes);
  }

  @Test
  void librariesNeverPrintOrExit() {
    noClasses()
        .that()
        .resideOutsideOfPackage("io.roomrecorder.cli..")
        .should()
        .accessField(System.class, "out")
        .orShould()
        .accessField(System.class, "err")
        .orShould()
        .callMethod(System.class, "exit", int.class)
        .orShould()
        .callMethod(Runtime.class, "halt", int.class)
        .orShould()
        .callMethod(Throwable.class, "printStackTrace")
        .because("libraries log through SLF4J; only the CLI prints or exits")
        .check(classes);
  }

  @Test
  void sansIoModulesReadNoClock() {
    for (String module : JDK_ONLY_MODULES) {
      noClasses()
          .that()
          .resideInAPackage(module)
          .should()
          .callMethod(System.class, "currentTimeMillis")
          .orShould()
          .callMethod(System.class, "nanoTime")
          .orShould()
          .callMethod(Thread.class, "sleep", long.class)
          .allowEmptyShould(true)
          .because("time is passed into sans-IO code, never read there")
          .check(classes);
    }
  }

  static ArchCondition<JavaMember> exposeNoTypeFrom(String... packages) {
    return new ArchCondition<>("expose no type from " + String.join(", ", packages)) {
      @Override
      public void check(JavaMember member, ConditionEvents events) {
        Set<JavaClass> involved = new LinkedHashSet<>();
        if (member instanceof JavaField field) {
          involved.addAll(field.getType().getAllInvolvedRawTypes());
        } else if (member instanceof JavaCodeUnit unit) {
          involved.addAll(unit.getReturnType().getAllInvolvedRawTypes());
          unit.getParameterTypes().forEach(t -> involved.addAll(t.getAllInvolvedRawTypes()));
          unit.getExceptionTypes().forEach(t -> involved.addAll(t.getAllInvolvedRawTypes()));
        }
        for (JavaClass type : involved) {
          if (matchesAny(type, packages)) {
            events.add(
                SimpleConditionEvent.violated(
                    member, member.getFullName() + " exposes " + type.getName()));
          }
        }
      }
    };
  }

  static ArchCondition<JavaClass> extendOrImplementNoTypeFrom(String... packages) {
    return new ArchCondition<>("extend or implement no type from " + String.join(", ", packages)) {
      @Override
      public void check(JavaClass clazz, ConditionEvents events) {
        for (JavaClass type : clazz.getAllRawSuperclasses()) {
          report(clazz, type, events);
        }
        for (JavaClass type : clazz.getAllRawInterfaces()) {
          report(clazz, type, events);
        }
      }

      private void report(JavaClass clazz, JavaClass type, ConditionEvents events) {
        if (matchesAny(type, packages) && clazz.getModifiers().contains(JavaModifier.PUBLIC)) {
          events.add(
              SimpleConditionEvent.violated(
                  clazz, clazz.getName() + " extends or implements " + type.getName()));
        }
      }
    };
  }

  static boolean matchesAny(JavaClass type, String... packages) {
    for (String pattern : packages) {
      String prefix = pattern.substring(0, pattern.length() - 2);
      if (type.getPackageName().equals(prefix) || type.getPackageName().startsWith(prefix + ".")) {
        return true;
      }
    }
    return false;
  }
}
