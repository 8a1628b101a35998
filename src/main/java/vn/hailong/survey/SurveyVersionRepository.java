package vn.hailong.survey;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.MYSQL)
interface SurveyVersionRepository extends CrudRepository<SurveyVersion, Long> {

    Optional<SurveyVersion> findByCodeAndVersion(String code, int version);

    List<SurveyVersion> findAllOrderByCodeAndVersion();

    @io.micronaut.data.annotation.Query("UPDATE survey_version SET retired_at = :at WHERE id = :id AND retired_at IS NULL")
    int retire(long id, java.time.Instant at);

    @io.micronaut.data.annotation.Query("UPDATE survey_version SET retired_at = :at WHERE code = :code AND retired_at IS NULL")
    int retireAll(String code, java.time.Instant at);

    /**
     * Changes whenever a version is stored or retired (versions are never deleted, a retirement
     * never undone): what SurveyCatalog compares to follow other copies of the app. One row, read
     * from an index-sized table.
     */
    @io.micronaut.data.annotation.Query("SELECT CONCAT(COUNT(*), ':', COALESCE(MAX(id), 0), ':', "
            + "COALESCE(SUM(CASE WHEN retired_at IS NULL THEN 0 ELSE 1 END), 0)) FROM survey_version")
    String stamp();
}
