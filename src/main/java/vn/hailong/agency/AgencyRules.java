package vn.hailong.agency;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.regex.Pattern;

/** What a valid agency looks like: shared by the API, the admin pages and the CSV import. */
public final class AgencyRules {

    public static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** Kinds are free words (PROVINCE, DEPARTMENT, COMMUNE, WARD, CENTRE, COUNTER...): structures change. */
    public static final Pattern KIND = Pattern.compile("[A-Z][A-Z_]{1,31}");
    public static final String DEFAULT_ZONE = "Asia/Ho_Chi_Minh";
    public static final int MAX_NAME = 255;

    private AgencyRules() {
    }

    public static boolean validZone(String zone) {
        try {
            ZoneId.of(zone);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    public static boolean validName(String name) {
        return name != null && !name.isBlank() && name.strip().length() <= MAX_NAME;
    }
}
