package vn.hailong.admin;

import io.micronaut.core.annotation.Nullable;
import vn.hailong.agency.AgencyRules;
import vn.hailong.agency.AgencyTree;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The choices of the agency forms' kind and time zone pick lists (issue 12 item 15): the usual
 * kinds of a Vietnamese service tree and Vietnam's zone, then whatever agencies already use (an
 * import or the API may have set other values, which must stay choosable), then the value being
 * edited. The validator (AgencyValidator) still decides what is accepted.
 */
final class AgencyPickLists {

    /** Kinds with a label in the messages (admin.kind.X), in the order of the tree. */
    static final List<String> KINDS = List.of("PROVINCE", "DEPARTMENT", "DISTRICT", "COMMUNE", "CENTRE");

    private AgencyPickLists() {
    }

    static List<String> kinds(AgencyTree tree, @Nullable Object current) {
        Set<String> kinds = new LinkedHashSet<>(KINDS);
        tree.outline().forEach(n -> kinds.add(n.agency().kind()));
        if (current != null && !current.toString().isBlank()) {
            kinds.add(current.toString().strip().toUpperCase(Locale.ROOT));
        }
        return List.copyOf(kinds);
    }

    static List<String> zones(AgencyTree tree, @Nullable Object current) {
        Set<String> zones = new LinkedHashSet<>(List.of(AgencyRules.DEFAULT_ZONE));
        tree.outline().forEach(n -> zones.add(n.agency().timeZone()));
        if (current != null && !current.toString().isBlank()) {
            zones.add(current.toString().strip());
        }
        return List.copyOf(zones);
    }
}
