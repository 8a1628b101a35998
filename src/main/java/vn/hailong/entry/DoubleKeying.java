package vn.hailong.entry;

import io.micronaut.http.HttpStatus;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import vn.hailong.account.Caller;
import vn.hailong.agency.Agency;
import vn.hailong.agency.AgencyTree;
import vn.hailong.audit.Actor;
import vn.hailong.audit.AuditEntry;
import vn.hailong.audit.AuditLog;
import vn.hailong.response.Channel;
import vn.hailong.response.AnswerRefusal;
import vn.hailong.response.ResponseRecorder;
import vn.hailong.response.Submission;
import vn.hailong.survey.Questionnaire;
import vn.hailong.survey.SurveyCatalog;
import vn.hailong.system.Refusal;
import vn.hailong.system.RefusalStatus;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Rounds of paper sheets and the keying of each sheet (issue 15). A sheet that needs one keying is
 * stored as a response when it is keyed; one that needs two waits for a second keying by another
 * account and is stored only when both agree, else it is a mismatch that a third account resolves.
 * Every sheet reaches the response store the one way every response does — ResponseRecorder, as
 * channel {@code paper}, under the keying account's own token and scope — with an id made from
 * round and sheet number, so a retried or concurrent storing stores it once.
 *
 * <p>Each keying is decided under a lock of the sheet's row; the keying, the sheet's new state
 * and the audit row commit together. The response is stored (and committed by the submission
 * writer) before that transaction commits: if it then fails, the sheet stays uncounted and keying
 * it again finds the response stored with the same content (a replay) and counts it.
 */
@Singleton
class DoubleKeying {

    static final String AUDIT_ROUND = "entry.round.create";
    static final String AUDIT_KEY = "entry.key";
    static final String AUDIT_RESOLVE = "entry.resolve";
    static final int MAX_NAME = 100;

    /** What became of a keying: the sheet's state afterwards. */
    record Outcome(int sheetNo, String status) {
    }

    private final TransactionOperations<Connection> transactions;
    private final EntryStore store;
    private final EntryAccess access;
    private final AgencyTree agencies;
    private final SurveyCatalog surveys;
    private final ResponseRecorder recorder;
    private final AuditLog audit;
    private final Clock clock;

    DoubleKeying(TransactionOperations<Connection> transactions, EntryStore store, EntryAccess access, AgencyTree agencies,
                 SurveyCatalog surveys, ResponseRecorder recorder, AuditLog audit, Clock clock) {
        this.transactions = transactions;
        this.store = store;
        this.access = access;
        this.agencies = agencies;
        this.surveys = surveys;
        this.recorder = recorder;
        this.audit = audit;
        this.clock = clock;
    }

    List<EntryRound> visibleRounds(Authentication authentication) {
        List<EntryRound> all = transactions.executeRead(status -> store.rounds(status.getConnection()));
        return all.stream().filter(r -> access.sees(authentication, r.agency().id())).toList();
    }

    /** The round, if the caller may key it; else 404 (a round outside one's scope is not shown to exist). */
    EntryRound round(long id, Authentication authentication) {
        return transactions.executeRead(status -> store.round(status.getConnection(), id))
                .filter(r -> access.sees(authentication, r.agency().id()))
                .orElseThrow(() -> new EntryRefused(HttpStatus.NOT_FOUND, EntryProblem.of("round", "entry.error.noRound", String.valueOf(id))));
    }

    Questionnaire questionnaire(EntryRound round) {
        return surveys.byId(round.surveyVersionId()).orElseThrow();
    }

    Optional<EntryStore.Sheet> sheet(EntryRound round, int sheetNo) {
        return transactions.executeRead(status -> store.sheet(status.getConnection(), round.id(), sheetNo, false));
    }

    List<Integer> sheets(EntryRound round, String state) {
        return transactions.executeRead(status -> store.sheetNumbers(status.getConnection(), round.id(), state));
    }

    long createRound(Map<String, Object> form, Authentication authentication) {
        String name = TypedSheet.text(form, "name").strip();
        String agencyCode = TypedSheet.text(form, "agency").strip();
        String surveyCode = TypedSheet.text(form, "survey").strip();
        String percentText = TypedSheet.text(form, "doublePercent").strip();
        Map<String, String> typed = Map.of("name", name, "agency", agencyCode, "survey", surveyCode, "doublePercent", percentText);
        List<EntryProblem> problems = new ArrayList<>();
        if (name.isEmpty() || name.length() > MAX_NAME) {
            problems.add(EntryProblem.of("name", "entry.error.name", MAX_NAME));
        }
        Optional<Agency> agency = agencies.byCode(agencyCode);
        if (agency.isEmpty()) {
            problems.add(EntryProblem.of("agency", "entry.error.agency", agencyCode));
        }
        Optional<Questionnaire> questionnaire = surveys.current(surveyCode);
        if (questionnaire.isEmpty()) {
            problems.add(EntryProblem.of("survey", "entry.error.survey", surveyCode));
        }
        int percent = -1;
        if (percentText.matches("[0-9]{1,3}")) {
            percent = Integer.parseInt(percentText);
        }
        if (percent < 0 || percent > 100) {
            problems.add(EntryProblem.of("doublePercent", "entry.error.percent"));
        }
        if (!problems.isEmpty()) {
            throw new EntryRefused(HttpStatus.UNPROCESSABLE_ENTITY, problems, typed);
        }
        if (!access.sees(authentication, agency.get().id())) {
            throw new EntryRefused(HttpStatus.FORBIDDEN, List.of(EntryProblem.of("agency", "entry.error.agencyScope", agencyCode)), typed);
        }
        Actor actor = Actor.of(authentication);
        int chosen = percent;
        Instant now = clock.instant();
        return transactions.executeWrite(status -> {
            Connection c = status.getConnection();
            long id = store.createRound(c, agency.get().id(), questionnaire.get().id(), name, chosen, actor.name(), now);
            audit.record(c, new AuditEntry(actor, AUDIT_ROUND, "entry-round:" + id, "agency=" + agency.get().code() + "; survey="
                    + questionnaire.get().code() + " v" + questionnaire.get().version() + "; doublePercent=" + chosen + "; name=" + name));
            return id;
        });
    }

    /** Keys one sheet of the round: counted, waiting for its second keying, or a mismatch. */
    Outcome key(EntryRound round, Map<String, Object> form, Authentication authentication) {
        Questionnaire questionnaire = questionnaire(round);
        PaperLayout layout = PaperLayout.of(questionnaire, "vi");
        TypedSheet.Read read = TypedSheet.read(form, layout, questionnaire, today(round));
        if (read.sheet() == null) {
            throw new EntryRefused(HttpStatus.UNPROCESSABLE_ENTITY, read.problems(), read.typed());
        }
        TypedSheet sheet = read.sheet();
        Actor actor = Actor.of(authentication);
        Instant now = clock.instant();
        boolean twice = EntrySample.doubleKeyed(round.id(), sheet.sheetNo(), round.doublePercent());
        return decide(read, () -> transactions.executeWrite(status -> {
            Connection c = status.getConnection();
            EntryStore.Sheet known = store.lockSheet(c, round.id(), sheet.sheetNo(), twice, now);
            List<EntryStore.Keying> keyings = known.keyings().stream().filter(k -> k.purpose().equals(EntryStore.KEY)).toList();
            if (known.status().equals(EntryStore.COUNTED)) {
                throw refused(read, HttpStatus.CONFLICT, "entry.error.counted", sheet.sheetNo());
            }
            if (known.status().equals(EntryStore.MISMATCH)) {
                throw refused(read, HttpStatus.CONFLICT, "entry.error.inMismatch", sheet.sheetNo());
            }
            if (!keyings.isEmpty() && keyings.get(0).keyedBy().equals(actor.name())) {
                throw refused(read, HttpStatus.CONFLICT, "entry.error.sameAccount", sheet.sheetNo());
            }
            store.addKeying(c, round.id(), sheet, EntryStore.KEY, actor.name(), now);
            String outcome;
            if (known.doubleKeyed() && keyings.isEmpty()) {
                outcome = EntryStore.WAITING;
                store.setStatus(c, round.id(), sheet.sheetNo(), outcome, null, null, now);
            } else if (!keyings.isEmpty() && !agree(keyings.get(0), sheet)) {
                outcome = EntryStore.MISMATCH;
                store.setStatus(c, round.id(), sheet.sheetNo(), outcome, null, null, now);
            } else {
                outcome = EntryStore.COUNTED;
                String id = store(round, questionnaire, layout, sheet, authentication, read);
                store.setStatus(c, round.id(), sheet.sheetNo(), outcome, id, null, now);
            }
            audit.record(c, new AuditEntry(actor, AUDIT_KEY, target(round, sheet.sheetNo()), "agency=" + round.agency().code()
                    + "; keying=" + (keyings.size() + 1) + "; outcome=" + outcome));
            return new Outcome(sheet.sheetNo(), outcome);
        }));
    }

    /**
     * A third account's decision on a mismatched sheet: the values it keyed (the form shows both
     * keyings side by side) become the response. Neither of the two who keyed it may resolve it.
     */
    Outcome resolve(EntryRound round, int sheetNo, Map<String, Object> form, Authentication authentication) {
        Questionnaire questionnaire = questionnaire(round);
        PaperLayout layout = PaperLayout.of(questionnaire, "vi");
        Map<String, Object> withNumber = new LinkedHashMap<>(form);
        withNumber.put("sheetNo", Integer.toString(sheetNo));
        TypedSheet.Read read = TypedSheet.read(withNumber, layout, questionnaire, today(round));
        if (read.sheet() == null) {
            throw new EntryRefused(HttpStatus.UNPROCESSABLE_ENTITY, read.problems(), read.typed());
        }
        TypedSheet sheet = read.sheet();
        Actor actor = Actor.of(authentication);
        Instant now = clock.instant();
        return decide(read, () -> transactions.executeWrite(status -> {
            Connection c = status.getConnection();
            EntryStore.Sheet known = store.sheet(c, round.id(), sheetNo, true).orElse(null);
            if (known == null || !known.status().equals(EntryStore.MISMATCH)) {
                throw refused(read, HttpStatus.CONFLICT, "entry.error.noMismatch", sheetNo);
            }
            if (known.keyings().stream().anyMatch(k -> k.keyedBy().equals(actor.name()))) {
                throw refused(read, HttpStatus.FORBIDDEN, "entry.error.resolverKeyed", sheetNo);
            }
            store.addKeying(c, round.id(), sheet, EntryStore.RESOLVE, actor.name(), now);
            String id = store(round, questionnaire, layout, sheet, authentication, read);
            store.setStatus(c, round.id(), sheetNo, EntryStore.COUNTED, id, actor.name(), now);
            audit.record(c, new AuditEntry(actor, AUDIT_RESOLVE, target(round, sheetNo), "agency=" + round.agency().code()
                    + "; keyedBy=" + String.join(",", known.keyings().stream().map(EntryStore.Keying::keyedBy).toList())
                    + "; outcome=counted"));
            return new Outcome(sheetNo, EntryStore.COUNTED);
        }));
    }

    /** Runs a keying's transaction; a database error surfaces as it is, a refusal of the response store as the form's problems. */
    private static Outcome decide(TypedSheet.Read read, java.util.function.Supplier<Outcome> transaction) {
        try {
            return transaction.get();
        } catch (Refusal refused) {
            List<EntryProblem> problems = new ArrayList<>();
            if (refused instanceof AnswerRefusal answers) {
                problems.addAll(TypedSheet.ruleProblems(answers));
            } else {
                for (Refusal.Reason reason : refused.reasons()) {
                    problems.add(reason.field().equals("agency") ? EntryProblem.of("date", "entry.error.agencyClosed")
                            : EntryProblem.of("answers", "entry.error.refused"));
                }
            }
            if (problems.isEmpty()) {
                problems.add(EntryProblem.of("answers", refused.kind() == Refusal.Kind.FORBIDDEN ? "entry.error.scope" : "entry.error.refused"));
            }
            HttpStatus status = refused.kind() == Refusal.Kind.UNAVAILABLE ? HttpStatus.UNPROCESSABLE_ENTITY : RefusalStatus.of(refused);
            throw new EntryRefused(status, problems, read.typed());
        }
    }

    /** Stores the sheet as a paper response, through the one submission path, as the keying account. */
    private String store(EntryRound round, Questionnaire questionnaire, PaperLayout layout, TypedSheet sheet,
                         Authentication authentication, TypedSheet.Read read) {
        String id = responseId(round.id(), sheet.sheetNo());
        // The day on the sheet, from its first moment in the agency's zone: reports date the answer by it.
        Submission submission = Submission.of(id, questionnaire.code(), round.agency().code(), Channel.PAPER,
                        TypedSheet.answers(layout, sheet.fields()))
                .version(questionnaire.version())
                .submittedAt(sheet.date().atStartOfDay(round.agency().zone()).toInstant())
                .build(clock);
        recorder.record(submission, Caller.of(authentication).orElse(null));
        return id;
    }

    /** The response id of a round's sheet: the same on every try, so the sheet is stored once. */
    static String responseId(long roundId, int sheetNo) {
        return UUID.nameUUIDFromBytes(("hailong-entry:" + roundId + ":" + sheetNo).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static boolean agree(EntryStore.Keying first, TypedSheet second) {
        return first.date().equals(second.date()) && first.fields().equals(second.fields());
    }

    private static EntryRefused refused(TypedSheet.Read read, HttpStatus status, String key, int sheetNo) {
        return new EntryRefused(status, List.of(EntryProblem.of("sheetNo", key, String.valueOf(sheetNo))), read.typed());
    }

    private static String target(EntryRound round, int sheetNo) {
        return "entry-sheet:" + round.id() + "/" + sheetNo;
    }

    private LocalDate today(EntryRound round) {
        return LocalDate.now(clock.withZone(round.agency().zone()));
    }
}
