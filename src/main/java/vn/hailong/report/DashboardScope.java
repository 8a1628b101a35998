package vn.hailong.report;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import vn.hailong.account.Caller;
import vn.hailong.agency.Agency;
import vn.hailong.agency.AgencyTree;
import vn.hailong.survey.SurveyCatalog;
import vn.hailong.survey.SurveyVersion;
import vn.hailong.system.Refusal;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * Resolves what a dashboard or export URL asks for, with the defaults a reviewer expects (own
 * agency, default survey, current quarter), and checks it is within the caller's scope.
 */
@Singleton
class DashboardScope {

    /** The agency (checked against the caller's scope) and the parsed query. */
    record Resolved(Agency agency, DashboardQuery query) {
    }

    private final AgencyTree agencies;
    private final SurveyCatalog surveys;
    private final ReportAccess access;
    private final String defaultSurvey;
    private final ZoneId zone;
    private final Clock clock;

    DashboardScope(AgencyTree agencies, SurveyCatalog surveys, ReportAccess access,
                   @Value("${hailong.report.default-survey:sipas-2017}") String defaultSurvey,
                   @Value("${hailong.default-time-zone:Asia/Ho_Chi_Minh}") String zone, Clock clock) {
        this.clock = clock;
        this.agencies = agencies;
        this.surveys = surveys;
        this.access = access;
        this.defaultSurvey = defaultSurvey;
        this.zone = ZoneId.of(zone);
    }

    ZoneId zone() {
        return zone;
    }

    /**
     * What the report pages' agency and period pickers show before anything is resolved (the
     * fragment report/period-picker): the agency asked for or the caller's own, the period asked for
     * or this quarter, the custom dates as typed, the periods offered.
     */
    void putPickers(Map<String, Object> model, Caller caller, @Nullable String agency, @Nullable String period,
                    @Nullable String from, @Nullable String to) {
        String defaultAgency = defaultAgency(caller);
        model.put("agencyCode", agency == null || agency.isBlank() ? (defaultAgency == null ? "" : defaultAgency) : agency.strip());
        model.put("from", from == null ? "" : from);
        model.put("to", to == null ? "" : to);
        model.put("periodValue", period == null || period.isBlank() ? ReportPeriod.quarterOf(today()).label() : period.strip());
        model.put("periods", ReportPeriod.recent(today()));
    }

    LocalDate today() {
        return LocalDate.now(clock.withZone(zone));
    }

    /** The wall-clock time here, in the default time zone (what a printed report says it was printed at). */
    java.time.LocalDateTime now() {
        return java.time.LocalDateTime.now(clock.withZone(zone));
    }

    List<SurveyVersion> published() {
        return surveys.published();
    }

    /** The agency code to show when none is asked for: the reviewer's own, else the first top-level agency. */
    @Nullable String defaultAgency(Caller caller) {
        if (caller.agencyId() != null) {
            return agencies.byId(caller.agencyId()).map(Agency::code).orElse(null);
        }
        return agencies.children(null).stream().findFirst().map(Agency::code).orElse(null);
    }

    /** The configured default survey if it is published, else the first published one. */
    String defaultSurvey() {
        List<SurveyVersion> published = surveys.published();
        return published.stream().map(SurveyVersion::code).filter(defaultSurvey::equals).findFirst()
                .or(() -> published.stream().map(SurveyVersion::code).findFirst()).orElse("");
    }

    /**
     * Parses and checks: 400/422 for bad parameters ({@link vn.hailong.system.Refusal}), 404 for an
     * unknown agency or survey, 403 for an agency outside the caller's scope. The defaults are the
     * caller's agency, the default survey and the current quarter.
     */
    Resolved resolve(Caller caller, ReportParameters parameters, @Nullable String sort, @Nullable String dir) {
        String defaultAgency = defaultAgency(caller);
        if (defaultAgency == null && (parameters.agency() == null || parameters.agency().isBlank())) {
            throw Refusal.malformed("agency", "agency.noneYet", "no agency exists yet");
        }
        DashboardQuery query = DashboardQuery.parse(parameters, ReportParameters.Defaults.page(defaultAgency, defaultSurvey(), today()),
                sort, dir);
        Agency target = agencies.byCode(query.agency()).orElseThrow(() ->
                Refusal.notFound("agency", "agency.none", "No agency with code '" + query.agency() + "'.", query.agency()));
        access.check(caller, target);
        if (surveys.allVersions(query.survey()).isEmpty()) {
            throw Refusal.notFound("survey", "survey.none", "No survey with code '" + query.survey() + "'.", query.survey());
        }
        return new Resolved(target, query);
    }

    void check(Caller caller, Agency agency) {
        access.check(caller, agency);
    }
}
