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
}
