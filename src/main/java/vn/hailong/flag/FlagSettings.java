package vn.hailong.flag;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.EnumSet;
import java.util.Set;

/**
 * Thresholds of the suspicious-pattern checks ({@code hailong.flags.*} in application.yml).
 * A flag never removes a response from the figures by itself; an admin decides.
 */
@ConfigurationProperties("hailong.flags")
public class FlagSettings {

    /** Off: no checks on submission (benchmarks, load tests). */
    private boolean enabled = true;
    /** Burst: a kiosk response is flagged when its kiosk has more than this many in the window… */
    private int burstCount = 10;
    /** …of this many seconds up to and including its submission time. */
    private int burstSeconds = 60;
    /** Run: flagged when this response and the ones just before it from the same source, this many in all, have identical scores… */
    private int runLength = 5;
    /** …all inside this many minutes… */
    private int runMinutes = 60;
    /** …and each answers at least this many scale questions (a one-question rating repeats legitimately). */
    private int runMinimumAnswers = 3;
    /** Opening hours, in the agency's own time zone; kiosk submissions outside them are flagged. */
    private Set<DayOfWeek> openDays = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.SATURDAY);
    private LocalTime opensAt = LocalTime.of(7, 0);
    private LocalTime closesAt = LocalTime.of(17, 30);

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public int getBurstCount() {
        return burstCount;
    }

    public void setBurstCount(int burstCount) {
        this.burstCount = burstCount;
    }

    public int getBurstSeconds() {
        return burstSeconds;
    }

    public void setBurstSeconds(int burstSeconds) {
        this.burstSeconds = burstSeconds;
    }

    public int getRunLength() {
        return runLength;
    }

    public void setRunLength(int runLength) {
        this.runLength = runLength;
    }

    public int getRunMinutes() {
        return runMinutes;
    }

    public void setRunMinutes(int runMinutes) {
        this.runMinutes = runMinutes;
    }

    public int getRunMinimumAnswers() {
        return runMinimumAnswers;
    }

    public void setRunMinimumAnswers(int runMinimumAnswers) {
        this.runMinimumAnswers = runMinimumAnswers;
    }

    public Set<DayOfWeek> getOpenDays() {
        return openDays;
    }

    public void setOpenDays(Set<DayOfWeek> openDays) {
        this.openDays = openDays.isEmpty() ? EnumSet.noneOf(DayOfWeek.class) : EnumSet.copyOf(openDays);
    }

    public LocalTime getOpensAt() {
        return opensAt;
    }

    /** Text such as {@code 07:00} (a string: YAML would read an unquoted 07:00 as a number). */
    public void setOpensAt(String opensAt) {
        this.opensAt = LocalTime.parse(opensAt.strip());
    }

    public LocalTime getClosesAt() {
        return closesAt;
    }

    public void setClosesAt(String closesAt) {
        this.closesAt = LocalTime.parse(closesAt.strip());
    }
}
