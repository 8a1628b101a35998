package vn.hailong.survey;

import io.micronaut.serde.ObjectMapper;
import jakarta.inject.Singleton;

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
 * kept. The list of versions (which is current, which are retired) is re-read at most every
 * {@link #REFRESH}, and at once when a code is asked for that this copy does not know yet, so a
 * version stored or retired by another copy is seen within that time — without a query per
 * submission.
 */
@Singleton
public class SurveyCatalog {

    private final SurveyVersionRepository versions;
    private final ObjectMapper json;
    static final Duration REFRESH = Duration.ofSeconds(30);

    private final Map<Long, Questionnaire> byId = new ConcurrentHashMap<>();
    private volatile Snapshot snapshot;

    private record Snapshot(List<SurveyVersion> all, long loadedAt) {
    }

    SurveyCatalog(SurveyVersionRepository versions, ObjectMapper json, TemplateImporter importedFirst) {
        this.versions = versions;
        this.json = json;
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
        if (fresh || current == null || System.nanoTime() - current.loadedAt() > REFRESH.toNanos()) {
            current = new Snapshot(versions.findAllOrderByCodeAndVersion(), System.nanoTime());
            snapshot = current;
        }
        return current.all();
    }

    /**
     * No longer offered to new questionnaires or kiosks; responses and reports keep it. When the
     * current version is retired the newest version before it that is not retired becomes current.
     * This copy sees it at once, the others within {@link #REFRESH}.
     */
    public boolean retire(long versionId) {
        boolean changed = versions.retire(versionId, java.time.Instant.now()) > 0;
        stored(true);
        return changed;
    }

    /** Retires every version of the survey: it is offered nowhere any more. */
    public int retireAll(String code) {
        int changed = versions.retireAll(code, java.time.Instant.now());
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
