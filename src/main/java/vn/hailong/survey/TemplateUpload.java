package vn.hailong.survey;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import vn.hailong.agency.AgencyScope;
import vn.hailong.audit.Actor;
import vn.hailong.audit.AuditActions;
import vn.hailong.audit.AuditLog;
import vn.hailong.system.Refusal;
import vn.hailong.system.DatabaseErrors;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A questionnaire uploaded while the app runs (issue 15 §4), from /admin/templates or
 * POST /api/v1/surveys: checked by the start-up parser (TemplateParser, the same line-numbered
 * problems), then — with nothing wrong — stored by the start-up importer (TemplateImporter.store)
 * with its audit row in one transaction, and offered at once by this copy and within
 * {@code hailong.surveys.recheck} by every other (SurveyCatalog follows the table's stamp).
 *
 * <p>Rules beyond the file's own: the version must be higher than every stored version of its
 * code (a changed questionnaire is a new version; responses keep theirs). A new code belongs to
 * the uploader's scope — national for the national administrator, their agency for a province
 * administrator, where alone it is offered; a known code keeps its owner, and only an
 * administrator whose scope covers that owner may add a version (403 otherwise: AgencyScope).
 */
@Singleton
public class TemplateUpload {

    private static final Pattern VERSION_LINE = Pattern.compile("(?m)^version\\s*:");
    private static final int MAX_SOURCE = 255;

    /** What a check found: the definition and the agency it will belong to, or the problems. */
    public record Checked(@Nullable SurveyDefinition definition, @Nullable Long owner, List<TemplateProblem> problems) {
        public boolean ok() {
            return problems.isEmpty() && definition != null;
        }
    }

    private final TemplateImporter importer;
    private final SurveyCatalog catalog;
    private final AgencyScope scope;
    private final AuditLog audit;
    private final TransactionOperations<Connection> transactions;

    TemplateUpload(TemplateImporter importer, SurveyCatalog catalog, AgencyScope scope, AuditLog audit,
                   TransactionOperations<Connection> transactions) {
        this.importer = importer;
        this.catalog = catalog;
        this.scope = scope;
        this.audit = audit;
        this.transactions = transactions;
    }

    /** Checks the file and the caller's right to publish it; stores nothing. 403 for a code owned outside the caller's scope. */
    public Checked check(String file, String yaml, Authentication caller) {
        SurveyDefinition definition;
        try {
            definition = TemplateParser.parse(file, yaml);
        } catch (TemplateException e) {
            return new Checked(null, null, e.problems());
        }
        List<SurveyVersion> stored = catalog.versions().stream().filter(v -> v.code().equals(definition.code())).toList();
        Long owner;
        List<TemplateProblem> problems = new ArrayList<>();
        if (stored.isEmpty()) {
            owner = AgencyScope.national(caller) ? null : AgencyScope.top(caller);
        } else {
            SurveyVersion newest = stored.get(stored.size() - 1);
            owner = newest.agencyId();
            scope.checkScope(caller, owner, "publish versions of the questionnaire " + definition.code() + ", which belongs to");
            if (definition.version() <= newest.version()) {
                problems.add(new TemplateProblem(file, lineOf(VERSION_LINE, yaml), "version", "must be higher than "
                        + newest.version() + ", the newest stored version of " + definition.code()
                        + " (a changed questionnaire is a new version: set version: " + (newest.version() + 1) + ")"));
            }
        }
        return new Checked(definition, owner, problems);
    }

    /**
     * Checks again and stores the version with its audit row, or throws {@link TemplateException}
     * with every problem and stores nothing; 409 when the same version was stored meanwhile.
     */
    public SurveyVersion publish(String file, String yaml, Authentication caller) {
        SurveyVersion saved;
        try {
            saved = transactions.executeWrite(status -> {
                Checked checked = check(file, yaml, caller);
                if (!checked.ok()) {
                    throw new TemplateException(checked.problems());
                }
                SurveyDefinition definition = checked.definition();
                SurveyVersion version = importer.store(new TemplateImporter.Parsed(source(file), definition), checked.owner());
                audit.record(Actor.of(caller), AuditActions.TEMPLATE_IMPORT, "survey:" + definition.code() + " v" + definition.version(),
                        "published from " + source(file) + "; offered " + (checked.owner() == null ? "everywhere (national)"
                                : "at agency id " + checked.owner() + " and below"));
                return version;
            });
        } catch (RuntimeException e) {
            if (DatabaseErrors.isConstraintViolation(e)) {
                throw Refusal.conflict("version", "survey.versionTaken", "This version was published a moment ago by someone else.");
            }
            throw e;
        }
        catalog.refresh();
        return saved;
    }

    private static String source(String file) {
        return file.length() <= MAX_SOURCE ? file : file.substring(0, MAX_SOURCE);
    }

    private static int lineOf(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            return 1;
        }
        return (int) text.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
    }
}
