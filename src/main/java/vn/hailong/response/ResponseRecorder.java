package vn.hailong.response;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import vn.hailong.account.Caller;
import vn.hailong.account.Role;
import vn.hailong.agency.AgencyTree;
import vn.hailong.dossier.DossierHasher;
import vn.hailong.dossier.RatingCodes;
import vn.hailong.survey.Questionnaire;
import vn.hailong.survey.SurveyCatalog;
import vn.hailong.system.Refusal;
import vn.hailong.system.Hashing;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
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
                     RatingCodes ratingCodes, AgencyTree agencies, Clock clock) {
        this.clock = clock;
        this.ratingCodes = ratingCodes;
        this.agencies = agencies;
        this.surveys = surveys;
        this.writer = writer;
        this.dossiers = dossiers;
        this.metrics = metrics;
    }

    /**
     * The problems the response rules find in answers given so far, nothing stored: for a form
     * that checks one page at a time (the phone questionnaire) with the same rules as the
     * submission it ends with. Empty when the rules accept the answers.
     */
    public static Optional<AnswerRefusal> answerProblems(Questionnaire questionnaire, Map<String, JsonNode> answers) {
        try {
            AnswerChecker.check(questionnaire, answers);
            return Optional.empty();
        } catch (AnswerRefusal refused) {
            return Optional.of(refused);
        }
    }

    /** Records a submission; throws a {@link Refusal} for every refusal, with nothing stored. */
    public RecordOutcome record(Submission submission, @Nullable Caller caller) {
        return await(submit(submission, caller));
    }

    /**
     * Checks a submission now (throwing a {@link Refusal} for what needs no database)
     * and queues it for storing. The future completes once the outcome is decided: after the
     * commit for a stored response, exceptionally with a {@link Refusal} for a
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
        } catch (Refusal e) {
            metrics.rejected(e, System.nanoTime() - started);
            throw e;
        }
        return writer.write(prepared).whenComplete((outcome, error) -> {
            if (error == null) {
                metrics.accepted(outcome, System.nanoTime() - started);
            } else if (unwrap(error) instanceof Refusal refused) {
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
                    throw Refusal.invalid("survey", "survey.notOffered", "'" + questionnaire.code() + "' is not offered at agency "
                            + agency.code(), questionnaire.code(), agency.code());
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
                Refusal.invalid("ratingCode", "ratingCode.unknown", "is not a known rating code"));
        if (!submission.agency().isEmpty() && !submission.agency().equalsIgnoreCase(rated.agencyCode())) {
            throw Refusal.invalid("agency", "ratingCode.otherAgency", "does not match the agency of the rating code's dossier (leave it out)");
        }
        if (rated.used() && !rated.ratedResponseId().equals(submission.id())) {
            throw RATING_CODE_USED.get();
        }
        return rated;
    }

    static final java.util.function.Supplier<Refusal> RATING_CODE_USED = () ->
            Refusal.conflict("ratingCode", "ratingCode.used", "This rating code has been used already.");

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
        agencies.byCode(submission.agency()).ifPresent(agency -> {
            if (caller.agencyId() == null || !agencies.isWithin(agency.id(), caller.agencyId())) {
                throw outsideScope(caller);
            }
        });
    }

    private static Refusal outsideScope(Caller caller) {
        String below = " may only submit for its own agency and those below it.";
        if (caller.is(Role.INTEGRATION)) {
            return Refusal.forbidden("submitter.integrationScope", "This integration key" + below);
        }
        if (caller.is(Role.DATA_ENTRY)) {
            return Refusal.forbidden("submitter.entryScope", "A DATA_ENTRY account" + below);
        }
        return Refusal.forbidden("submitter.outOfScope", "Outside your scope: your account" + below);
    }

    private void authorizeChannel(Submission submission, @Nullable Caller caller) {
        if (caller != null && caller.is(Role.INTEGRATION)) {
            // An integration client (issue 13) submits portal responses only, within its agency's subtree.
            if (submission.channel() != Channel.PORTAL) {
                throw Refusal.forbidden("channel.portalOnly", "An integration key may only submit responses with channel 'portal'.");
            }
            return;
        }
        if (caller != null && caller.is(Role.DATA_ENTRY)) {
            // Paper sheets typed in by staff (issue 15), within the account's agency subtree.
            if (submission.channel() != Channel.PAPER) {
                throw Refusal.forbidden("channel.paperOnly", "A DATA_ENTRY account may only submit responses with channel 'paper'.");
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
            throw Refusal.unauthenticated("channel.needsToken", "Channel '" + submission.channel().word()
                    + "' needs a " + needed + " token.", submission.channel().word(), needed.name());
        }
        if (!caller.is(needed) || (needed == Role.KIOSK && caller.agencyId() == null)) {
            throw Refusal.forbidden("channel.wrongToken", "Channel '" + submission.channel().word() + "' is only for " + needed + " tokens.",
                    submission.channel().word(), needed.name());
        }
    }

    private Questionnaire resolveSurvey(Submission submission) {
        if (submission.surveyVersion() == null) {
            return surveys.current(submission.survey()).orElseThrow(() ->
                    Refusal.notFound("survey", "survey.none", "No survey with code '" + submission.survey() + "'.", submission.survey()));
        }
        return surveys.version(submission.survey(), submission.surveyVersion()).orElseThrow(() -> {
            if (surveys.current(submission.survey()).isEmpty()) {
                return Refusal.notFound("survey", "survey.none", "No survey with code '" + submission.survey() + "'.", submission.survey());
            }
            return Refusal.notFound("surveyVersion", "survey.noVersion", "Survey '" + submission.survey() + "' has no version "
                    + submission.surveyVersion() + ".", submission.survey(), submission.surveyVersion());
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
