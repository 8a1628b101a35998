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
        Kiosk saved = kiosks.save(new Kiosk(null, agency.id(), label.strip(), KioskTokens.hash(token), Instant.now(), null, null, null));
        return new EnrolledKiosk(saved.id(), agency.code(), saved.label(), token);
    }

    /** The token stops working at once (the validator reads the row on every request). */
    public boolean revoke(long id) {
        return kiosks.revoke(id, Instant.now()) > 0;
    }

    /** True when {@code token} is the one enrolled for kiosk {@code id} (its hash matches). */
    public boolean isTokenOf(long id, String token) {
        return token.startsWith(KioskTokens.PREFIX)
                && kiosks.findById(id).map(k -> k.tokenHash().equals(KioskTokens.hash(token))).orElse(false);
    }

    @Serdeable
    public record EnrolledKiosk(long id, String agency, String label, String token) {
    }
}
