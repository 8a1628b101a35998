package vn.hailong.kiosk;

import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import vn.hailong.agency.Agency;

import java.time.Instant;

/** Enrols a kiosk for an agency and hands out its token, once. */
@Singleton
public class KioskEnrolment {

    private final KioskRepository kiosks;

    KioskEnrolment(KioskRepository kiosks) {
        this.kiosks = kiosks;
    }

    public EnrolledKiosk enrol(Agency agency, String label) {
        String token = KioskTokens.newToken();
        Kiosk saved = kiosks.save(new Kiosk(null, agency.id(), label.strip(), KioskTokens.hash(token), Instant.now(), null, null));
        return new EnrolledKiosk(saved.id(), agency.code(), saved.label(), token);
    }

    @Serdeable
    public record EnrolledKiosk(long id, String agency, String label, String token) {
    }
}
