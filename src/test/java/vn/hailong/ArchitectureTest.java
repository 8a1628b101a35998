package vn.hailong;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.hailong.system.ApiProblemException;

import java.util.Set;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The direction of dependencies between features (design.md): kiosk/web → response → survey →
 * agency; report reads what it needs (the dashboard also counts follow-up cases through
 * alert.CaseCounts); nothing depends on kiosk, web or report. The demo seed data
 * may use any feature. The report rollups (tally) sit between the two sides: response writes them,
 * report reads them, and tally itself knows only surveys, agencies and the cross-cutting system.
 * The admin pages (package admin) use agency, account, kiosk, survey, audit and response's counts per
 * survey version; nothing uses them. Which feature's SQL may name which table: TableOwnershipTest.
 * No two features depend on each other in a circle, and the cross-cutting system package knows no
 * feature (issue 16, §4).
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void load() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("vn.hailong");
    }

    @Test
    void nothingDependsOnThePagesOrTheReports() {
        noClasses().that().resideOutsideOfPackages("vn.hailong.web..")
                .should().dependOnClassesThat().resideInAPackage("vn.hailong.web..").check(classes);
        noClasses().that().resideOutsideOfPackages("vn.hailong.report..")
                .should().dependOnClassesThat().resideInAPackage("vn.hailong.report..").check(classes);
    }

    @Test
    void onlyTheDemoAndTheAdminPagesUseKiosks() {
        noClasses().that().resideOutsideOfPackages("vn.hailong.kiosk..", "vn.hailong.demo..", "vn.hailong.admin..")
                .should().dependOnClassesThat().resideInAPackage("vn.hailong.kiosk..").check(classes);
    }

    /** The admin pages sit on top of every feature they administer; no feature may depend on them. */
    @Test
    void nothingDependsOnTheAdminPages() {
        noClasses().that().resideOutsideOfPackages("vn.hailong.admin..")
                .should().dependOnClassesThat().resideInAPackage("vn.hailong.admin..").check(classes);
    }

    @Test
    void responsesAreRecordedOnlyThroughThePagesAndTheApi() {
        noClasses().that().resideInAnyPackage("vn.hailong.survey..", "vn.hailong.agency..", "vn.hailong.account..",
                        "vn.hailong.report..", "vn.hailong.system..")
                .should().dependOnClassesThat().resideInAPackage("vn.hailong.response..").check(classes);
    }

    @Test
    void rollupsKnowNeitherTheWriterNorTheReader() {
        noClasses().that().resideInAPackage("vn.hailong.tally..")
                .should().dependOnClassesThat().resideInAnyPackage("vn.hailong.response..", "vn.hailong.report..",
                        "vn.hailong.account..", "vn.hailong.kiosk..", "vn.hailong.web..", "vn.hailong.demo..")
                .check(classes);
    }

    @Test
    void surveysAndAgenciesStandOnTheirOwn() {
        noClasses().that().resideInAPackage("vn.hailong.survey..")
                .should().dependOnClassesThat().resideInAnyPackage("vn.hailong.response..", "vn.hailong.account..",
                        "vn.hailong.kiosk..", "vn.hailong.web..", "vn.hailong.report..", "vn.hailong.tally..")
                .check(classes);
        noClasses().that().resideInAPackage("vn.hailong.agency..")
                .should().dependOnClassesThat().resideInAnyPackage("vn.hailong.survey..", "vn.hailong.response..",
                        "vn.hailong.account..", "vn.hailong.kiosk..", "vn.hailong.web..", "vn.hailong.report..",
                        "vn.hailong.tally..")
                .check(classes);
    }

    /** Served dossiers and rating codes sit below the submission path (issue 13): response consumes codes, never the reverse. */
    @Test
    void dossiersStandBelowTheSubmissionPath() {
        noClasses().that().resideInAPackage("vn.hailong.dossier..")
                .should().dependOnClassesThat().resideInAnyPackage("vn.hailong.response..", "vn.hailong.kiosk..",
                        "vn.hailong.web..", "vn.hailong.report..", "vn.hailong.demo..", "vn.hailong.admin..")
                .check(classes);
    }

    @Test
    void theAuditLogStandsBelowEveryFeature() {
        // Any feature may write to the audit log (logins, admin actions, exports, flag decisions),
        // so the audit core may use nothing but the cross-cutting system package.
        noClasses().that().resideInAPackage("vn.hailong.audit..")
                .should().dependOnClassesThat().resideInAnyPackage("vn.hailong.agency..", "vn.hailong.account..",
                        "vn.hailong.survey..", "vn.hailong.response..", "vn.hailong.kiosk..", "vn.hailong.web..",
                        "vn.hailong.report..", "vn.hailong.demo..", "vn.hailong.flag..")
                .check(classes);
    }

    @Test
    void flagsAreRaisedFromBelowTheSubmissionPath() {
        // The submission path calls the flag checks inside its transaction, so flags must not
        // reach back into response, nor into pages, kiosks or reports.
        noClasses().that().resideInAPackage("vn.hailong.flag..")
                .should().dependOnClassesThat().resideInAnyPackage("vn.hailong.response..", "vn.hailong.kiosk..",
                        "vn.hailong.web..", "vn.hailong.report..", "vn.hailong.demo..")
                .check(classes);
    }

    /** Every top-level package of vn.hailong is a slice; a dependency cycle between any of them fails. */
    @Test
    void featuresDependOnEachOtherWithoutCycles() {
        slices().matching("vn.hailong.(*)..").should().beFreeOfCycles().check(classes);
    }

    /**
     * {@code system} is what every feature stands on (problems, languages, page model, database
     * errors); it may use no feature, or it becomes part of every cycle (the start page once lived
     * here and tied system to agency and survey).
     */
    @Test
    void theSystemPackageKnowsNoFeature() {
        // Written as "anything of vn.hailong outside system" so that packages added later are covered too.
        noClasses().that().resideInAPackage("vn.hailong.system..")
                .should().dependOnClassesThat(resideInAPackage("vn.hailong..").and(resideOutsideOfPackage("vn.hailong.system..")))
                .check(classes);
    }

    /**
     * Refusals are domain results, HTTP is the edge's (issue 16, §2): storage and checking code
     * throws a {@code system.Refusal} with a code; only controllers word an
     * {@code ApiProblemException} with a status themselves. The system classes that define and
     * translate it may name it.
     */
    @Test
    void onlyControllersWordProblemsThemselves() {
        DescribedPredicate<JavaClass> edge = new DescribedPredicate<>("a controller, or a system class that defines or translates problems") {
            @Override
            public boolean test(JavaClass c) {
                String top = c.getName().contains("$") ? c.getName().substring(0, c.getName().indexOf('$')) : c.getName();
                return top.endsWith("Controller") || PROBLEM_DEFINERS.contains(top);
            }
        };
        noClasses().that(DescribedPredicate.not(edge))
                .should().dependOnClassesThat().areAssignableTo(ApiProblemException.class)
                .check(classes);
    }

    private static final Set<String> PROBLEM_DEFINERS = Set.of(
            "vn.hailong.system.ApiProblemException", "vn.hailong.system.RefusalStatus", "vn.hailong.system.ProblemTexts");

}
