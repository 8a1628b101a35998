package vn.hailong.tally;

import jakarta.inject.Singleton;
import vn.hailong.survey.SurveyCatalog;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The shape of every survey version by id, built once (versions never change). */
@Singleton
public class Shapes {

    private final SurveyCatalog surveys;
    private final Map<Long, VersionShape> byId = new ConcurrentHashMap<>();

    Shapes(SurveyCatalog surveys) {
        this.surveys = surveys;
    }

    public VersionShape of(long versionId) {
        VersionShape known = byId.get(versionId);
        if (known != null) {
            return known;
        }
        VersionShape shape = new VersionShape(surveys.byId(versionId).orElseThrow(() ->
                new IllegalStateException("rollups mention survey version " + versionId + ", which is not stored")));
        byId.putIfAbsent(versionId, shape);
        return shape;
    }

    public RollupTally newTally() {
        return new RollupTally(this::of);
    }
}
