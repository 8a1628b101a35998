package vn.hailong.agency;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.LocalDate;

/** An agency as the API shows it: the parent by code, never internal ids. */
@Serdeable
public record AgencyView(String code, String nameVi, String nameEn, String kind, @Nullable String parent,
                         String timeZone, @Nullable LocalDate validFrom, @Nullable LocalDate validTo) {

    public static AgencyView of(Agency agency, @Nullable Agency parent) {
        return new AgencyView(agency.code(), agency.nameVi(), agency.nameEn(), agency.kind(),
                parent == null ? null : parent.code(), agency.timeZone(), agency.validFrom(), agency.validTo());
    }
}
