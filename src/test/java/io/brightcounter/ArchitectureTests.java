package io.brightcounter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.brightcounter.readings.AddResult;
import io.brightcounter.readings.CountOverflowException;
import io.brightcounter.readings.DeviceReadingStore;
import io.brightcounter.readings.DeviceTotals;
import io.brightcounter.readings.ReadingBatch;
import io.brightcounter.readings.StorageFullException;
import io.brightcounter.readings.StoreUnavailableException;
import io.brightcounter.readings.Timestamp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package structure the layout in CONTRIBUTING.md describes, checked on the compiled
 * main classes: the stores know nothing of HTTP, and no two packages depend on each
 * other. Plain ArchUnit rules in a JUnit test rather than ArchUnit's own test engine,
 * which needs nothing but the core library whatever JUnit platform runs the tests.
 */
class ArchitectureTests {

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.brightcounter");
    }

    @Test
    void storesDoNotDependOnTheWebLayer() {
        noClasses()
            .that(resideInAnyPackage("io.brightcounter.readings.memory..", "io.brightcounter.readings.postgres..")
                .or(belongToAnyOf(DeviceReadingStore.class, AddResult.class, DeviceTotals.class, ReadingBatch.class,
                        Timestamp.class, CountOverflowException.class, StorageFullException.class,
                        StoreUnavailableException.class)))
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.brightcounter.web..", "io.brightcounter.protection..",
                    "io.brightcounter.operations..", "org.springframework.http..", "org.springframework.web..",
                    "jakarta.servlet..")
            .because("a store is used and tested without HTTP; the web layer maps its exceptions")
            .check(classes);
    }

    @Test
    void onlyTheTomcatPackageReachesIntoTomcat() {
        noClasses().that()
            .resideOutsideOfPackage("io.brightcounter.web.tomcat..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.apache.coyote..", "org.apache.tomcat.util.net..",
                    "org.apache.catalina.connector..")
            .because("a Tomcat upgrade that changes its internals should break one package only")
            .check(classes);
    }

    @Test
    void theTomcatPackageNeedsNothingOfTheApplicationButItsSettings() {
        noClasses().that()
            .resideInAPackage("io.brightcounter.web.tomcat..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.brightcounter.web", "io.brightcounter.protection..",
                    "io.brightcounter.operations..", "io.brightcounter.readings..")
            .because("the layers above use it, through ContainerErrorResponder where it needs them")
            .check(classes);
    }

    @Test
    void theJournalDealsInBytesAndFilesOnly() {
        classes().that()
            .resideInAPackage("io.brightcounter.readings.memory.journal..")
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage("io.brightcounter.readings.memory.journal..", "java..", "org.apache.commons.logging..",
                    "org.jspecify.annotations..")
            .because("what a record holds is the store's (JournalBatchCodec); the journal frames, groups, files "
                    + "and recovers records whatever they hold")
            .check(classes);
    }

    @Test
    void packagesHaveNoCycles() {
        slices().matching("io.brightcounter.(**)").should().beFreeOfCycles().check(classes);
    }

    /**
     * A source file past this many lines holds more than one concern: split it along its
     * seams rather than scroll through it.
     */
    @Test
    void noMainSourceFileIsOverFiveHundredLines() throws IOException {
        Path main = Path.of("src", "main", "java");
        List<String> tooLong;
        try (Stream<Path> files = Files.walk(main)) {
            tooLong = files.filter((file) -> file.toString().endsWith(".java"))
                .filter(ArchitectureTests::isOverFiveHundredLines)
                .map((file) -> main.relativize(file).toString())
                .toList();
        }
        assertThat(tooLong).as("source files over 500 lines").isEmpty();
    }

    private static boolean isOverFiveHundredLines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count() > 500;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

}
