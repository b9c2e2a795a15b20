package dev.settle.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of docs/architecture.md, checked on the compiled classes of every module
 * this one sees: the ledger, the server, the SDK, the benchmarks and the command line (the JMH
 * module, one package, sits above them all). A failure names the classes that close the cycle.
 */
class ArchitectureTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.settle");
    }

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        slices().matching("dev.settle.(**)").should().beFreeOfCycles().check(main);
    }

    @Test
    void theLedgerDependsOnTheJdkOnly() {
        classes().that().resideInAPackage("dev.settle.ledger..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.settle.ledger..", "java..")
                .check(main);
    }

    @Test
    void theRequestPackageIsABottomOfTheServer() {
        classes().that().resideInAPackage("dev.settle.request..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("dev.settle.request..", "dev.settle.ledger..",
                        "java..")
                .check(main);
    }
}
