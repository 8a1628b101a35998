package vn.hailong.response;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import vn.hailong.account.Caller;
import vn.hailong.account.Role;
import vn.hailong.agency.AgencyTree;
import vn.hailong.dossier.DossierHasher;
import vn.hailong.dossier.RatingCodes;
import vn.hailong.survey.Questionnaire;
import vn.hailong.survey.SurveyCatalog;
import vn.hailong.system.ApiProblemException;
import vn.hailong.system.FieldError;
import vn.hailong.system.Hashing;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The one path every submission takes (API, batch, kiosk, phone and rating pages, paper entry, the
 * demo): a typed {@link Submission} (the API reads it from JSON at the edge, the others build it),
 * authorised and validated against the survey version here, on the request's thread; then the
 * {@link SubmissionWriter} resolves the agency and stores it exactly once, in a transaction it
 * may share with other submissions arriving at the same moment (group commit). The caller is
 * answered only after that transaction committed.
 *
 * <p>Idempotency rests on the database: the client's id is the primary key and the dossier is a
 * unique key, so of any number of concurrent copies exactly one insert commits. A copy that loses
 * the race reads what won and answers "replay" (same content) or "conflict" (different content).
 */
@Singleton
public class ResponseRecorder {

    private final SurveyCatalog surveys;
    private final SubmissionWriter writer;
    private final DossierHasher dossiers;
    private final Clock clock;
    private final SubmissionMetrics metrics;
    private final RatingCodes ratingCodes;
    private final AgencyTree agencies;

    ResponseRecorder(SurveyCatalog surveys, SubmissionWriter writer, DossierHasher dossiers, SubmissionMetrics metrics,
                     RatingCodes ratingCodes, AgencyTree agencies) {
        this.ratingCodes = ratingCodes;
        this.agencies = agencies;
        this.surveys = surveys;
        this.writer = writer;
        this.dossiers = dossiers;
        this.metrics = metrics;
        this.clock = Clock.systemUTC();
    }

    /**
     * The problems the response rules find in answers given so far, nothing stored: for a form
     * that checks one page at a time (the phone questionnaire) with the same rules as the
     * submission it ends with. Empty when the rules accept the answers.
     */
    public static List<FieldError> answerProblems(Questionnaire questionnaire, Map<String, JsonNode> answers) {
        try {
            AnswerChecker.check(questionnaire, answers);
            return List.of();
        } catch (ApiProblemException refused) {
            return refused.errors();
        }
    }

    /** Records a submission; throws {@link ApiProblemException} for every refusal, with nothing stored. */
    public RecordOutcome record(Submission submission, @Nullable Caller caller) {
        return await(submit(submission, caller));
    }

    /**
     * Checks a submission now (throwing {@link ApiProblemException} for what needs no database)
     * and queues it for storing. The future completes once the outcome is decided: after the
     * commit for a stored response, exceptionally with an {@link ApiProblemException} for a
     * refusal (nothing stored) or with the database's error.
     */
    public CompletableFuture<RecordOutcome> submit(Submission submission, @Nullable Caller caller) {
        return submit(submission, caller, System.nanoTime());
    }

    /**
     * As {@link #submit(Submission, Caller)}, timed from {@code started}. Package-private so that a
     * test can hand over an envelope the reader would refuse, to show that a row the database
     * refuses fails no other caller's submission.
     */
    CompletableFuture<RecordOutcome> submit(Submission submission, @Nullable Caller caller, long started) {
        PreparedResponse prepared;
        try {
            prepared = prepare(submission, caller);
        } catch (ApiProblemException e) {
            metrics.rejected(e, System.nanoTime() - started);
            throw e;
        }
        return writer.write(prepared).whenComplete((outcome, error) -> {
            if (error == null) {
                metrics.accepted(outcome, System.nanoTime() - started);
            } else if (unwrap(error) instanceof ApiProblemException refused) {
                metrics.rejected(refused, System.nanoTime() - started);
            }
        });
    }

    /** Waits for a {@link #submit} outcome, rethrowing a refusal or a database error as it was raised. */
    public static RecordOutcome await(CompletableFuture<RecordOutcome> outcome) {
        try {
            return outcome.join();
        } catch (CompletionException | CancellationException e) {
            Throwable cause = unwrap(e);
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("storing response failed", cause);
        }
    }

    private static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private PreparedResponse prepare(Submission given, @Nullable Caller caller) {
        authorizeChannel(given, caller);
        Questionnaire questionnaire = resolveSurvey(given);
        RatingCodes.RatedDossier rated = given.ratingCode() == null ? null : ratedDossier(given);
        Submission submission = rated == null ? given : given.forAgency(rated.agencyCode());
        // criteria the served-dossier feed answers (fromDossier) are filled before the rules are checked
        Map<String, JsonNode> raw = rated == null ? given.answers() : DossierAnswers.fill(questionnaire, given.answers(), rated,
                agencies.byCode(rated.agencyCode()).map(vn.hailong.agency.Agency::zone).orElse(java.time.ZoneOffset.UTC));
        CheckedAnswers answers = AnswerChecker.check(questionnaire, raw);
        checkAgencyScope(submission, caller);
        // A province's own questionnaire is answered in that province only (issue 15); national ones
        // (the usual case) cost no look-up here.
        if (surveys.ownerOf(questionnaire.id()) != null) {
            agencies.byCode(submission.agency()).ifPresent(agency -> {
                if (!surveys.offeredAt(questionnaire, agency.id())) {
                    throw ApiProblemException.invalid("survey", "'" + questionnaire.code() + "' is not offered at agency " + agency.code());
                }
            });
        }
        String dossierHash = rated != null ? rated.dossierHash()
                : submission.dossier() == null ? null : dossiers.hash(submission.dossier());
        Long kioskId = caller != null && caller.is(Role.KIOSK) ? caller.kioskId() : null;
        return new PreparedResponse(submission, questionnaire, answers, dossierHash,
                contentHash(submission, questionnaire, dossierHash, answers), kioskId, clock.instant(), rated);
    }

    /**
     * The served dossier of a rating code (issue 13): unknown → 422; used by another response →
     * 409 (a retry of the response that used it goes on, to be answered as a replay). The final
     * word is the transaction that stores the response and consumes the code.
     */
    private RatingCodes.RatedDossier ratedDossier(Submission submission) {
        RatingCodes.RatedDossier rated = ratingCodes.find(submission.ratingCode()).orElseThrow(() ->
                ApiProblemException.invalid("ratingCode", "is not a known rating code"));
        if (!submission.agency().isEmpty() && !submission.agency().equalsIgnoreCase(rated.agencyCode())) {
            throw ApiProblemException.invalid("agency", "does not match the agency of the rating code's dossier (leave it out)");
        }
        if (rated.used() && !rated.ratedResponseId().equals(submission.id())) {
            throw RATING_CODE_USED.get();
        }
        return rated;
    }

    static final java.util.function.Supplier<ApiProblemException> RATING_CODE_USED = () ->
            ApiProblemException.conflict("ratingCode", "This rating code has been used already.");

    /**
     * Integration keys, data-entry accounts, and province administrators on the staff channels
     * (issue 15) submit within their agency's subtree only; web and phone answers stay open to anyone.
     */
    private void checkAgencyScope(Submission submission, @Nullable Caller caller) {
        boolean staffChannel = submission.channel() == Channel.PAPER || submission.channel() == Channel.PORTAL;
        boolean scoped = caller != null && (caller.is(Role.INTEGRATION) || caller.is(Role.DATA_ENTRY)
                || staffChannel && caller.is(Role.ADMIN) && !caller.national());
        if (!scoped) {
            return;
        }
        String who = caller.is(Role.INTEGRATION) ? "This integration key"
                : caller.is(Role.DATA_ENTRY) ? "A DATA_ENTRY account" : "Outside your scope: your account";
        agencies.byCode(submission.agency()).ifPresent(agency -> {
            if (caller.agencyId() == null || !agencies.isWithin(agency.id(), caller.agencyId())) {
                throw ApiProblemException.forbidden(who + " may only submit for its own agency and those below it.");
            }
        });
    }

    private void authorizeChannel(Submission submission, @Nullable Caller caller) {
        if (caller != null && caller.is(Role.INTEGRATION)) {
            // An integration client (issue 13) submits portal responses only, within its agency's subtree.
            if (submission.channel() != Channel.PORTAL) {
                throw ApiProblemException.forbidden("An integration key may only submit responses with channel 'portal'.");
            }
            return;
        }
        if (caller != null && caller.is(Role.DATA_ENTRY)) {
            // Paper sheets typed in by staff (issue 15), within the account's agency subtree.
            if (submission.channel() != Channel.PAPER) {
                throw ApiProblemException.forbidden("A DATA_ENTRY account may only submit responses with channel 'paper'.");
            }
            return;
        }
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
