package vn.hailong.agency;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/** A node of the agency tree: province, department, commune, centre, counter... */
@MappedEntity("agency")
public record Agency(
        @Id @GeneratedValue @Nullable Long id,
        String code,
        String nameVi,
        String nameEn,
        String kind,
        @Nullable Long parentId,
        String timeZone,
        @Nullable LocalDate validFrom,
        @Nullable LocalDate validTo,
        Instant createdAt) {

    public ZoneId zone() {
        return ZoneId.of(timeZone);
    }

    public String name(String language) {
        return "en".equals(language) ? nameEn : nameVi;
    }
}
