package vn.hailong.report;

import org.junit.jupiter.api.Test;
import vn.hailong.system.FieldError;
import vn.hailong.system.Refusal;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The one reader of every report endpoint's and page's agency, survey, period, from/to and dimension parameters. */
class ReportParametersTest {

    static final LocalDate TODAY = LocalDate.of(2026, 11, 22);

    @Test
    void theApiNeedsAnAgencyAndReadsFromToAsTheRange() {
        ReportFilter filter = ReportParameters.of(" BN ", " sipas-2017 ", "2026-11-01", "2026-11-30")
                .read(ReportParameters.Defaults.apiNeedingSurvey());

        assertThat(filter.agency()).isEqualTo("BN");
        assertThat(filter.survey()).isEqualTo("sipas-2017");
        assertThat(filter.from()).isEqualTo(LocalDate.of(2026, 11, 1));
        assertThat(filter.to()).isEqualTo(LocalDate.of(2026, 11, 30));
        assertThat(filter.period().label()).isEqualTo("2026-11-01_2026-11-30");
        assertThat(filter.dimensions()).isEqualTo(DimensionFilter.NONE);
        ReportFilter allTime = ReportParameters.of("BN", null, null, null).read(ReportParameters.Defaults.api());
        assertThat(allTime.survey()).isNull();
        assertThat(allTime.period().kind()).isEqualTo(ReportPeriod.Kind.ALL);
        assertThat(ReportParameters.of("BN", null, null, null).read(ReportParameters.Defaults.api("legal-evaluation")).survey())
                .isEqualTo("legal-evaluation");
    }

    @Test
    void everyUnreadableParameterIsNamedAtOnceWith400() {
        Refusal refused = catchThrowableOfType(() -> ReportParameters.of(" ", null, "5/1/2026", "2026-13-01")
                .agencyNamed("parent").withDimensions("x".repeat(65), null, null, null, null)
                .read(ReportParameters.Defaults.apiNeedingSurvey(), List.of(new FieldError("page", "must be a whole number from 1 to 1000000"))),
                Refusal.class);

        assertThat(refused.kind()).isEqualTo(Refusal.Kind.MALFORMED);
        assertThat(refused.errors()).extracting(FieldError::field).containsExactly("page", "parent", "survey", "from", "to", "procedure");
        assertThat(refused.getMessage()).isEqualTo("Some parameters are invalid.");
    }

    @Test
    void readableButUnacceptableValuesAre422() {
        Refusal range = catchThrowableOfType(() -> ReportParameters.of("BN", null, "1999-12-31", null)
                .read(ReportParameters.Defaults.api()), Refusal.class);
        assertThat(range.kind()).isEqualTo(Refusal.Kind.INVALID);
        assertThat(range.getMessage()).isEqualTo("from must be between 2000-01-01 and 2099-12-31");

        Refusal filter = catchThrowableOfType(() -> ReportParameters.of("BN", null, "1999-12-31", null)
                .withDimensions(null, null, null, null, "by post!").read(ReportParameters.Defaults.api()), Refusal.class);
        assertThat(filter.kind()).isEqualTo(Refusal.Kind.INVALID);
        assertThat(filter.errors()).extracting(FieldError::field).containsExactly("from", "channel");
        assertThat(ReportParameters.of("BN", null, null, null).withDimensions("x".repeat(65), "Hộ tịch", null, null, "by post!")
                .shownDimensions()).as("what a page shows again after the refusal").isEqualTo(new DimensionFilter(null, "Hộ tịch", null, null, null));

        Refusal backwards = catchThrowableOfType(() -> ReportParameters.of("BN", null, "2026-11-30", "2026-11-01")
                .read(ReportParameters.Defaults.api()), Refusal.class);
        assertThat(backwards.kind()).isEqualTo(Refusal.Kind.MALFORMED);
        assertThat(backwards.errors()).containsExactly(new FieldError("to", "must not be before from"));
    }

    @Test
    void pagesDefaultToTheCallersAgencyTheSurveyAndThisQuarter() {
        var defaults = ReportParameters.Defaults.page("BN", "sipas-2017", TODAY);

        ReportFilter none = ReportParameters.of(null, "", null, null).read(defaults);
        assertThat(none).extracting(ReportFilter::agency, ReportFilter::survey).containsExactly("BN", "sipas-2017");
        assertThat(none.period().label()).isEqualTo("2026-Q4");
        assertThat(ReportParameters.of(null, null, "2026-03-05", null).read(defaults).period())
                .extracting(ReportPeriod::kind, ReportPeriod::from, ReportPeriod::to)
                .containsExactly(ReportPeriod.Kind.CUSTOM, LocalDate.of(2026, 3, 5), null);
        assertThat(ReportParameters.of(null, null, null, null).withPeriod("2026-q1").read(defaults).period().label()).isEqualTo("2026-Q1");
        assertThat(ReportParameters.of(null, null, "2026-03-05", null).withPeriod("all").read(defaults).period().kind())
                .isEqualTo(ReportPeriod.Kind.ALL);
        ReportFilter narrowed = ReportParameters.of(null, null, null, null).withDimensions(" 1.004227 ", null, "Q3", null, "Direct")
                .read(defaults);
        assertThat(narrowed.dimensions()).isEqualTo(new DimensionFilter("1.004227", null, "Q3", null, "direct"));
    }

    @Test
    void aBadPeriodLabelIsNamed() {
        var defaults = ReportParameters.Defaults.page("BN", "sipas-2017", TODAY);
        Refusal typo = catchThrowableOfType(() -> ReportParameters.of(null, null, null, null).withPeriod("Q1-2026")
                .read(defaults), Refusal.class);
        assertThat(typo.kind()).isEqualTo(Refusal.Kind.MALFORMED);
        assertThat(typo.errors()).containsExactly(new FieldError("period", ReportParameters.PERIOD_FORMAT));

        Refusal far = catchThrowableOfType(() -> ReportParameters.of(null, null, null, null).withPeriod("1999")
                .read(defaults), Refusal.class);
        assertThat(far.kind()).isEqualTo(Refusal.Kind.INVALID);
        assertThat(far.errors()).containsExactly(new FieldError("period", ReportPeriod.OUT_OF_RANGE));
    }
}
