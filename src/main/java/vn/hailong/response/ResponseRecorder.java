package vn.hailong.response;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.hailong.account.Caller;
import vn.hailong.account.Role;
import vn.hailong.agency.Agency;
import vn.hailong.agency.AgencyTree;
import vn.hailong.survey.Questionnaire;
import vn.hailong.survey.SurveyCatalog;
import vn.hailong.system.ApiProblemException;
import vn.hailong.system.DatabaseErrors;
import vn.hailong.system.Hashing;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The one path every submission takes (API, batch, kiosk and phone pages): read, authorise,
 * validate against the survey version, then store exactly once.
 *
 * <p>Idempotency rests on the database: the client's id is the primary key and the dossier is a
 * unique key, so of any number of concurrent copies exactly one insert commits. A copy that loses
 * the race reads what won and answers "replay" (same content) or "conflict" (different content).
 */
@Singleton
public class ResponseRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(ResponseRecorder.class);
    private static final int ATTEMPTS = 4;

    private final SurveyCatalog surveys;
    private final AgencyTree agencies;
    private final ResponseStore store;
    private final DossierHasher dossiers;
    private final Clock clock;
    private final SubmissionMetrics metrics;
    private final KioskLimits kioskLimits;

    ResponseRecorder(SurveyCatalog surveys, AgencyTree agencies, ResponseStore store, DossierHasher dossiers,
                     SubmissionMetrics metrics, KioskLimits kioskLimits) {
        this.kioskLimits = kioskLimits;
        this.surveys = surveys;
        this.agencies = agencies;
        this.store = store;
        this.dossiers = dossiers;
        this.metrics = metrics;
        this.clock = Clock.systemUTC();
    }

    /** Records a JSON submission; throws {@link ApiProblemException} for every refusal, with nothing stored. */
    public RecordOutcome record(JsonNode body, @Nullable Caller caller) {
        long started = System.nanoTime();
        try {
            RecordOutcome outcome = record(SubmissionReader.read(body, clock), caller);
            metrics.accepted(outcome, System.nanoTime() - started);
            return outcome;
        } catch (ApiProblemException e) {
            metrics.rejected(e, System.nanoTime() - started);
            throw e;
        }
    }

    RecordOutcome record(Submission submission, @Nullable Caller caller) {
        authorizeChannel(submission, caller);
        Questionnaire questionnaire = resolveSurvey(submission);
        Agency agency = agencies.byCode(submission.agency()).orElseThrow(() ->
                ApiProblemException.notFound("agency", "No agency with code '" + submission.agency() + "'."));
        if (submission.channel() == Channel.KIOSK && !agencies.isWithin(agency.id(), caller.agencyId())) {
            throw ApiProblemException.forbidden("This kiosk may only submit for its own agency and those below it.");
        }
        CheckedAnswers answers = AnswerChecker.check(questionnaire, submission.answers());

        Instant received = clock.instant();
        Instant submitted = submission.submittedAt() == null ? received : submission.submittedAt();
        // A retired agency keeps the answers given while it served (an offline kiosk may send them
        // late) but takes none dated after its last day.
        if (!agency.activeOn(submitted.atZone(agency.zone()).toLocalDate())) {
            throw ApiProblemException.invalid("agency", "'" + agency.code() + "' was not in service on the day of this answer"
                    + (agency.validTo() == null ? "" : " (its last day was " + agency.validTo() + ")"));
        }
        String dossierHash = submission.dossier() == null ? null : dossiers.hash(submission.dossier());
        StoredResponse response = new StoredResponse(submission.id(), questionnaire.code(), questionnaire.id(),
                agency.id(), submission.channel(), submission.language(),
                caller != null && caller.is(Role.KIOSK) ? caller.kioskId() : null,
                submission.startedAt(), submitted, submitted.atZone(agency.zone()).toLocalDate(), agency.zone(), received,
                dossierHash, contentHash(submission, questionnaire, dossierHash, answers), answers);
        boolean clientTimed = submission.submittedAt() != null;
        return store(response, (connection, r) -> kioskLimits.check(connection, r, clientTimed));
    }

    private RecordOutcome store(StoredResponse response, ResponseStore.Guard guard) {
        for (int attempt = 1; ; attempt++) {
            // Before the first insert and after every failed one: maybe another copy decided already.
            Optional<RecordOutcome> known = alreadyDecided(response);
            if (known.isPresent()) {
                return known.get();
            }
            try {
                store.insert(response, guard);
                return RecordOutcome.STORED;
            } catch (Exception e) { // the JDBC callback may surface a checked SQLException as is
                for (Throwable t = e; t != null; t = t.getCause()) {
                    if (t instanceof ApiProblemException refused) { // a guard refused it inside the transaction
                        throw refused;
                    }
                }
                // A constraint violation means a concurrent copy (or the same dossier) won: the next look decides.
                boolean tryAgain = DatabaseErrors.isConstraintViolation(e) || DatabaseErrors.isRetryable(e);
                if (attempt >= ATTEMPTS || !tryAgain) {
                    throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException("storing response failed", e);
                }
                LOG.debug("Retrying response {} after {}", response.id(), e.toString());
            }
        }
    }

    /** REPLAYED if this exact response is stored; a 409 if its id or dossier is taken by another; else empty. */
    private Optional<RecordOutcome> alreadyDecided(StoredResponse response) {
        Optional<String> stored = store.contentHashOf(response.id());
        if (stored.isPresent()) {
            if (stored.get().equals(response.contentHash())) {
                return Optional.of(RecordOutcome.REPLAYED);
            }
            throw ApiProblemException.conflict("id", "A different response was already stored with id " + response.id() + ".");
        }
        if (response.dossierHash() != null && store.dossierRated(response.surveyCode(), response.dossierHash())) {
            throw ApiProblemException.conflict("dossier", "This dossier has already been rated in survey " + response.surveyCode() + ".");
        }
        return Optional.empty();
    }

    private void authorizeChannel(Submission submission, @Nullable Caller caller) {
        Role needed = switch (submission.channel()) {
            case WEB, PHONE -> null;
            case KIOSK -> Role.KIOSK;
            case PAPER, PORTAL -> Role.ADMIN;
        };
        if (needed == null) {
            return;
        }
        if (caller == null) {
            throw new ApiProblemException(HttpStatus.UNAUTHORIZED, "Channel '" + submission.channel().word()
                    + "' needs a " + needed + " token.", List.of());
        }
        if (!caller.is(needed) || (needed == Role.KIOSK && caller.agencyId() == null)) {
            throw ApiProblemException.forbidden("Channel '" + submission.channel().word() + "' is only for " + needed + " tokens.");
        }
    }

    private Questionnaire resolveSurvey(Submission submission) {
        if (submission.surveyVersion() == null) {
            return surveys.current(submission.survey()).orElseThrow(() ->
                    ApiProblemException.notFound("survey", "No survey with code '" + submission.survey() + "'."));
        }
        return surveys.version(submission.survey(), submission.surveyVersion()).orElseThrow(() -> {
            if (surveys.current(submission.survey()).isEmpty()) {
                return ApiProblemException.notFound("survey", "No survey with code '" + submission.survey() + "'.");
            }
            return ApiProblemException.notFound("surveyVersion", "Survey '" + submission.survey() + "' has no version "
                    + submission.surveyVersion() + ".");
        });
    }

    /**
     * What makes two submissions with one id "the same": everything the client sent, with the
     * version resolved. The server's receipt time is left out so a retry of a submission without
     * submittedAt still matches.
     */
    private static String contentHash(Submission s, Questionnaire q, @Nullable String dossierHash, CheckedAnswers answers) {
        String canonical = String.join("\n",
                s.id(), q.code(), Integer.toString(q.version()), s.agency(), s.channel().word(),
                String.valueOf(s.language()), String.valueOf(s.startedAt()), String.valueOf(s.submittedAt()),
                String.valueOf(dossierHash), answers.canonical());
        return Hashing.sha256(canonical);
    }
}
