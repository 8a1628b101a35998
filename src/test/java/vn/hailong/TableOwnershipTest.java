package vn.hailong;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tables belong to one feature (issue 16, §4): the feature whose code writes a table is the only one
 * whose SQL names it; another feature reads it through the owner's code. Read from the source: every
 * string literal and text block of src/main/java, every table named after FROM, JOIN, INTO, UPDATE or
 * TABLE (keywords in capitals, as all SQL here is written; "responses from kiosk 3" in a message is
 * not SQL). The owners are decided from the migrations and from who inserts the rows.
 */
class TableOwnershipTest {

    /** Table → the package that writes it. Every table the migrations create must be here. */
    static final Map<String, String> OWNERS = Map.ofEntries(
            entry("account", "account"), entry("login_counter", "account"), entry("login_failure", "account"),
            entry("agency", "agency"), entry("agency_closure", "agency"), entry("agency_tree_lock", "agency"),
            entry("alert_rule", "alert"), entry("alert_case", "alert"), entry("alert_case_response", "alert"),
            entry("alert_digest", "alert"), entry("alert_subscription", "alert"),
            entry("audit_log", "audit"), entry("audit_chain_head", "audit"),
            // Served dossiers, their codes and the link of a rating to its dossier: written by the ingest and RatingCodes.
            entry("served_dossier", "dossier"), entry("dossier_counter", "dossier"), entry("dossier_officer", "dossier"),
            entry("dossier_procedure", "dossier"), entry("dossier_served_day", "dossier"), entry("response_dossier", "dossier"),
            entry("integration_client", "dossier"),
            entry("entry_round", "entry"), entry("entry_sheet", "entry"), entry("entry_keying", "entry"),
            entry("response_flag", "flag"),
            entry("kiosk", "kiosk"),
            entry("outbox_event", "outbox"), entry("webhook", "outbox"), entry("delivery", "outbox"),
            entry("sample_target", "report"),
            entry("response", "response"), entry("answer", "response"),
            entry("survey_version", "survey"),
            entry("rollup_day", "tally"), entry("rollup_month", "tally"), entry("rollup_state", "tally"),
            entry("rollup_delta", "tally"), entry("rollup_month_epoch", "tally"));

    /**
     * Known foreign SQL, file (package/Class) → the tables it names and why it is still there. Each
     * entry is a debt to pay off by moving the query into the owner's code; the test fails when an
     * entry is no longer needed, so the list only shrinks.
     */
    static final Map<String, Set<String>> EXCEPTIONS = Map.ofEntries(
            // Reporting read side. report and tally may not depend on response (ArchitectureTest:
            // responses are recorded only through the pages and the API; rollups know neither the
            // writer nor the reader), so they read the response/answer rows with set-based SQL of
            // their own, joined to the agency subtree and the dossier dimensions in one statement.
            // ResponseScan is what is left of the old row scan after the one tally pipeline (issue 16 §1):
            // the scan by dossier dimension (procedure, counter, officer) for the breakdowns.
            entry("report/ResponseScan", Set.of("response", "agency", "response_dossier",
                    "dossier_counter", "dossier_officer", "dossier_procedure")),
            // The streamed export: one cursor over a million rows cannot go through another
            // feature's list-returning code (docs/benchmarks.md, raw responses export).
            entry("report/RawResponseExport", Set.of("response", "agency", "agency_closure")),
            entry("report/CommentReports", Set.of("response", "answer", "agency", "agency_closure")),
            entry("report/OneStopReports", Set.of("response", "answer", "agency", "agency_closure", "response_dossier",
                    "dossier_counter")),
            entry("report/ResponseRateController", Set.of("response", "agency_closure")),
            entry("report/DimensionChoices", Set.of("agency_closure", "dossier_counter", "dossier_officer", "dossier_procedure",
                    "dossier_served_day")),
            entry("report/DimensionFilter", Set.of("dossier_counter", "dossier_officer", "dossier_procedure")),
            // Deliberate: rebuilding the rollups from the raw rows is the one place that must read every
            // response and answer as stored (tally cannot depend on response, see above).
            // It also locks the agency's row, which every submission share-locks through its foreign
            // key until it commits: the rebuild waits for the submissions in flight (ADR 0006).
            entry("tally/RollupRebuild", Set.of("response", "agency_closure", "agency")),
            // Deliberate, for the same reason: the reports' row path (rollups not usable) and the
            // rebuild count the stored rows with this one statement (issue 16 §1), answers included.
            entry("tally/ResponseTallies", Set.of("response", "answer", "agency", "agency_closure")),
            // The submission path calls Rollups inside its transaction; late responses and exclusions
            // re-read the response's own score line and answers there.
            entry("tally/Rollups", Set.of("response", "answer")),
            entry("tally/RollupReader", Set.of("agency", "agency_closure")),
            // Alerts evaluate rules over subtrees and the responses that matched; response depends on
            // alert's outbox events, so alert cannot call back into response.
            entry("alert/LinkedResponses", Set.of("response", "answer", "agency")),
            entry("alert/ResponseRuleCheck", Set.of("response", "answer", "agency")),
            entry("alert/AlertRules", Set.of("agency", "agency_closure")),
            entry("alert/Cases", Set.of("agency", "agency_closure")),
            entry("alert/WeeklyDigest", Set.of("agency_closure")),
            // Flags are raised inside the submission's transaction (response → flag), so flag cannot
            // depend on response or kiosk; the review page joins the flagged rows for display.
            entry("flag/FlagDetector", Set.of("response")),
            entry("flag/FlagReview", Set.of("response", "agency", "kiosk")),
            // The webhook body describes the stored response (read in the dispatcher's transaction);
            // response depends on outbox, so outbox cannot call response.
            entry("outbox/WebhookFanOut", Set.of("response")),
            // On the rating path (a typed code → its dossier): the agency code comes in the same statement.
            entry("dossier/RatingCodes", Set.of("agency")),
            // Served counts of an agency and its whole subtree in one grouped query (per dashboard view).
            entry("dossier/ServedCounts", Set.of("agency_closure")));

    private static final Pattern TABLE = Pattern.compile("\\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\\s+([a-z_][a-z0-9_]*)\\b");
    private static final Pattern CREATED = Pattern.compile("CREATE TABLE (?:IF NOT EXISTS )?([a-z_][a-z0-9_]*)");
    private static final Path MAIN = Path.of("src/main/java/vn/hailong");

    @Test
    void everyTableNamedInSqlIsNamedOnlyByItsOwner() {
        Map<String, Set<String>> found = foreignTables();
        Map<String, Set<String>> unexpected = new TreeMap<>();
        found.forEach((file, tables) -> {
            Set<String> extra = new TreeSet<>(tables);
            extra.removeAll(EXCEPTIONS.getOrDefault(file, Set.of()));
            if (!extra.isEmpty()) {
                unexpected.put(file, extra);
            }
        });
        assertThat(unexpected).as("SQL naming another feature's table (read it through the owner's code; owners in OWNERS)")
                .isEmpty();
    }

    @Test
    void theExceptionsAreStillNeeded() {
        Map<String, Set<String>> found = foreignTables();
        Map<String, Set<String>> stale = new TreeMap<>();
        EXCEPTIONS.forEach((file, tables) -> {
            Set<String> unused = new TreeSet<>(tables);
            unused.removeAll(found.getOrDefault(file, Set.of()));
            if (!unused.isEmpty()) {
                stale.put(file, unused);
            }
        });
        assertThat(stale).as("exceptions no longer needed: remove them from EXCEPTIONS").isEmpty();
    }

    @Test
    void everyTableOfTheMigrationsHasAnOwner() throws IOException {
        Set<String> created = new TreeSet<>();
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            for (Path file : files.toList()) {
                Matcher m = CREATED.matcher(Files.readString(file));
                while (m.find()) {
                    created.add(m.group(1));
                }
            }
        }
        assertThat(created).hasSizeGreaterThan(20);
        assertThat(OWNERS.keySet()).containsAll(created);
        try (Stream<Path> packages = Files.list(MAIN)) {
            Set<String> features = new TreeSet<>(packages.filter(Files::isDirectory).map(p -> p.getFileName().toString()).toList());
            assertThat(features).containsAll(OWNERS.values());
        }
    }

    /** The reader itself: literals and text blocks only, never comments or code. */
    @Test
    void sqlIsReadFromStringsAndTextBlocksOnly() {
        String source = """
                class X {
                    // SELECT * FROM in_a_comment
                    /* UPDATE in_a_block_comment SET */
                    String a = "SELECT id FROM kiosk WHERE id = ?" + " AND \\"quoted\\" JOIN agency g";
                    char c = '"';
                    String b = \"""
                            INSERT INTO response (id)
                            SELECT 1 FROM answer\""";
                    String message = "responses from kiosk " + FROM_CONSTANT;
                }
                """;
        assertThat(tablesIn(literals(source))).containsExactlyInAnyOrder("kiosk", "agency", "response", "answer");
    }

    /** File (package/Class) → the tables its SQL names that belong to another package. */
    static Map<String, Set<String>> foreignTables() {
        Map<String, Set<String>> foreign = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Path relative = MAIN.relativize(file);
                if (relative.getNameCount() < 2) {
                    continue; // Application.java and friends at the root belong to no feature
                }
                String pkg = relative.getName(0).toString();
                String name = pkg + "/" + relative.getFileName().toString().replace(".java", "");
                for (String table : tablesIn(literals(Files.readString(file)))) {
                    String owner = OWNERS.get(table);
                    if (owner != null && !owner.equals(pkg)) {
                        foreign.computeIfAbsent(name, k -> new TreeSet<>()).add(table);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return foreign;
    }

    static Set<String> tablesIn(List<String> literals) {
        Set<String> tables = new TreeSet<>();
        for (String literal : literals) {
            Matcher m = TABLE.matcher(literal);
            while (m.find()) {
                tables.add(m.group(1));
            }
        }
        return tables;
    }

    /** The contents of the string literals and text blocks of a Java source, comments and char literals skipped. */
    static List<String> literals(String source) {
        List<String> out = new ArrayList<>();
        int i = 0;
        int n = source.length();
        while (i < n) {
            char ch = source.charAt(i);
            if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = end < 0 ? n : end + 1;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else if (source.startsWith("\"\"\"", i)) {
                int end = i + 3;
                StringBuilder text = new StringBuilder();
                while (end < n && !source.startsWith("\"\"\"", end)) {
                    if (source.charAt(end) == '\\' && end + 1 < n) {
                        text.append(source.charAt(end + 1));
                        end += 2;
                    } else {
                        text.append(source.charAt(end++));
                    }
                }
                out.add(text.toString());
                i = end + 3;
            } else if (ch == '"' || ch == '\'') {
                int end = i + 1;
                StringBuilder text = new StringBuilder();
                while (end < n && source.charAt(end) != ch && source.charAt(end) != '\n') {
                    if (source.charAt(end) == '\\' && end + 1 < n) {
                        text.append(source.charAt(end + 1));
                        end += 2;
                    } else {
                        text.append(source.charAt(end++));
                    }
                }
                if (ch == '"') {
                    out.add(text.toString());
                }
                i = end + 1;
            } else {
                i++;
            }
        }
        return out;
    }
}
