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

    /** In service on {@code day}: valid_from and valid_to (its last day) both count as in service. */
    public boolean activeOn(LocalDate day) {
        return (validFrom == null || !day.isBefore(validFrom)) && (validTo == null || !day.isAfter(validTo));
    }

    /** Retired: its last day of service has passed, in its own time zone. Reports keep its history. */
    public boolean retired(Instant now) {
        return validTo != null && now.atZone(zone()).toLocalDate().isAfter(validTo);
    }

    /** Offered to new questionnaires, kiosks and QR posters today. */
    public boolean active(Instant now) {
        return activeOn(now.atZone(zone()).toLocalDate());
    }

    Agency withNames(String vi, String en, String newKind) {
        return new Agency(id, code, vi, en, newKind, parentId, timeZone, validFrom, validTo, createdAt);
    }

    Agency withParent(@Nullable Long newParent) {
        return new Agency(id, code, nameVi, nameEn, kind, newParent, timeZone, validFrom, validTo, createdAt);
    }

    Agency withDates(@Nullable LocalDate from, @Nullable LocalDate to) {
        return new Agency(id, code, nameVi, nameEn, kind, parentId, timeZone, from, to, createdAt);
    }
}
