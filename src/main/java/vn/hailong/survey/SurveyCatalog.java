package vn.hailong.survey;

import io.micronaut.serde.ObjectMapper;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import vn.hailong.agency.AgencyTree;

import java.time.Clock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Survey versions ready for use. Versions never change once stored, so each is parsed once and
 * kept. The list of versions (which is current, which are retired) follows the database: at most
 * every {@code hailong.surveys.recheck} (default 1 s) one single-row query compares the table's
 * stamp (number of versions, highest id, number retired — SurveyVersionRepository.stamp) with the
 * one the list was read under, and the list is re-read only when it changed; a code this copy does
 * not know yet is looked up at once. So a version published or retired on another copy (an upload
 * on /admin/templates or POST /api/v1/surveys) is offered here within that second, without a
 * restart and without reading the whole list per submission (issue 15).
 *
 * <p>Which agencies a version is offered at: every agency for a national version (agency_id null),
 * else its agency and those below it ({@link #offeredAt}).
 */
@Singleton
public class SurveyCatalog {

    private final SurveyVersionRepository versions;
    private final ObjectMapper json;
    private final AgencyTree agencies;
    private final Duration recheck;

    private final Map<Long, Questionnaire> byId = new ConcurrentHashMap<>();
    private final Clock clock;
    private volatile Snapshot snapshot;

    private record Snapshot(List<SurveyVersion> all, String stamp, long checkedAt) {
    }

    SurveyCatalog(SurveyVersionRepository versions, ObjectMapper json, TemplateImporter importedFirst, AgencyTree agencies,
                  @Value("${hailong.surveys.recheck:1s}") Duration recheck, Clock clock) {
        this.clock = clock;
        this.versions = versions;
        this.json = json;
        this.agencies = agencies;
        this.recheck = recheck;
    }

    /**
     * Whether {@code questionnaire} may be answered at {@code agencyId}: a national version
     * everywhere, a province's version at its agency and below (issue 15).
     */
    public boolean offeredAt(Questionnaire questionnaire, long agencyId) {
        Long owner = ownerOf(questionnaire.id());
        return owner == null || agencies.isWithin(agencyId, owner);
    }

    /** The current version of {@code code} when it is offered at {@code agencyId} ({@link #offeredAt}). */
    public Optional<Questionnaire> currentAt(String code, long agencyId) {
        return current(code).filter(q -> offeredAt(q, agencyId));
    }

    /** The same rule for a stored version's row (lists of published versions). */
    public boolean offeredAt(SurveyVersion version, long agencyId) {
        return version.agencyId() == null || agencies.isWithin(agencyId, version.agencyId());
    }

    /** The agency a stored version belongs to; null for a national one. */
    public @io.micronaut.core.annotation.Nullable Long ownerOf(long versionId) {
        for (SurveyVersion v : stored(false)) {
            if (v.id() == versionId) {
                return v.agencyId();
            }
        }
        return versions.findById(versionId).map(SurveyVersion::agencyId).orElse(null);
    }

    public Optional<Questionnaire> byId(long id) {
        Questionnaire known = byId.get(id);
        if (known != null) {
            return Optional.of(known);
        }
        return versions.findById(id).map(this::remember);
    }

    public Optional<Questionnaire> version(String code, int version) {
        for (Questionnaire q : byId.values()) {
            if (q.code().equals(code) && q.version() == version) {
                return Optional.of(q);
            }
        }
        return versions.findByCodeAndVersion(code, version).map(this::remember);
    }

    /** The newest version of {@code code} that is not retired. */
    public Optional<Questionnaire> current(String code) {
        Optional<SurveyVersion> found = newest(stored(false), code);
        if (found.isEmpty()) {
            found = newest(stored(true), code);
        }
        return found.flatMap(v -> byId(v.id()));
    }

    private static Optional<SurveyVersion> newest(List<SurveyVersion> all, String code) {
        return published(all).stream().filter(v -> v.code().equals(code)).findFirst();
    }

    /** The current version of every survey, by code. */
    public List<SurveyVersion> published() {
        return published(stored(false));
    }

    private static List<SurveyVersion> published(List<SurveyVersion> all) {
        Map<String, SurveyVersion> newest = new java.util.TreeMap<>();
        for (SurveyVersion v : all) {
            if (v.retiredAt() == null) {
                newest.merge(v.code(), v, (a, b) -> a.version() >= b.version() ? a : b);
            }
        }
        return newest.values().stream().sorted(Comparator.comparing(SurveyVersion::code)).toList();
    }

    /** Every stored version of {@code code}, oldest first. */
    public List<Questionnaire> allVersions(String code) {
        List<SurveyVersion> all = stored(false);
        if (all.stream().noneMatch(v -> v.code().equals(code))) {
            all = stored(true);
        }
        return all.stream().filter(v -> v.code().equals(code)).map(v -> byId(v.id()).orElseThrow()).toList();
    }

    private List<SurveyVersion> stored(boolean fresh) {
        Snapshot current = snapshot;
        long now = System.nanoTime();
        if (!fresh && current != null && now - current.checkedAt() < recheck.toNanos()) {
            return current.all();
        }
        // The stamp is read before the list: a change between the two shows as a new stamp next time.
        String stamp = versions.stamp();
        if (!fresh && current != null && stamp.equals(current.stamp())) {
            snapshot = new Snapshot(current.all(), stamp, now);
            return current.all();
        }
        current = new Snapshot(versions.findAllOrderByCodeAndVersion(), stamp, now);
        snapshot = current;
        return current.all();
    }

    /** Re-reads the list at once: after this copy stored a version (TemplateUpload). */
    void refresh() {
        stored(true);
    }

    /**
     * No longer offered to new questionnaires or kiosks; responses and reports keep it. When the
     * current version is retired the newest version before it that is not retired becomes current.
     * This copy sees it at once, the others within {@code hailong.surveys.recheck}.
     */
    public boolean retire(long versionId) {
        boolean changed = versions.retire(versionId, clock.instant()) > 0;
        stored(true);
        return changed;
    }

    /** Retires every version of the survey: it is offered nowhere any more. */
    public int retireAll(String code) {
        int changed = versions.retireAll(code, clock.instant());
        stored(true);
        return changed;
    }

    /** Every stored version (retired ones too), by code then version, freshly read. */
    public List<SurveyVersion> versions() {
        return stored(true);
    }

    /** Every stored version of every survey, by code then version. */
    public List<Questionnaire> all() {
        return stored(false).stream().map(v -> byId(v.id()).orElseThrow()).toList();
    }

    private Questionnaire remember(SurveyVersion stored) {
        return byId.computeIfAbsent(stored.id(), id -> new Questionnaire(id, parse(stored)));
    }

    private SurveyDefinition parse(SurveyVersion stored) {
        try {
            return json.readValue(stored.definition(), SurveyDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
