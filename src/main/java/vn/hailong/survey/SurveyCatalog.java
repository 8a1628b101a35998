package vn.hailong.survey;

import io.micronaut.serde.ObjectMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Survey versions ready for use. Versions never change once stored, so each is parsed once and
 * kept; a version this copy has not seen (stored by another copy) is read on first use.
 */
@Singleton
public class SurveyCatalog {

    private final SurveyVersionRepository versions;
    private final ObjectMapper json;
    private final Map<Long, Questionnaire> byId = new ConcurrentHashMap<>();

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
        return published().stream().filter(v -> v.code().equals(code)).findFirst()
                .flatMap(v -> byId(v.id()));
    }

    /** The current version of every survey, by code. */
    public List<SurveyVersion> published() {
        Map<String, SurveyVersion> newest = new java.util.TreeMap<>();
        for (SurveyVersion v : versions.findAllOrderByCodeAndVersion()) {
            if (v.retiredAt() == null) {
                newest.merge(v.code(), v, (a, b) -> a.version() >= b.version() ? a : b);
            }
        }
        return newest.values().stream().sorted(Comparator.comparing(SurveyVersion::code)).toList();
    }

    /** Every stored version of {@code code}, oldest first. */
    public List<Questionnaire> allVersions(String code) {
        return versions.findAllOrderByCodeAndVersion().stream().filter(v -> v.code().equals(code))
                .map(v -> byId(v.id()).orElseThrow()).toList();
    }

    /** Every stored version of every survey, by code then version. */
    public List<Questionnaire> all() {
        return versions.findAllOrderByCodeAndVersion().stream().map(v -> byId(v.id()).orElseThrow()).toList();
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
