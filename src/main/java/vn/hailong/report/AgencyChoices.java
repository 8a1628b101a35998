package vn.hailong.report;

import jakarta.inject.Singleton;
import vn.hailong.account.Caller;
import vn.hailong.agency.Agency;
import vn.hailong.agency.AgencyTree;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The agencies a caller may pick on the report pages, in tree order with their depth, so a select
 * can indent them: a reviewer's or province administrator's own agency and everything below it;
 * every agency for the national administrator.
 */
@Singleton
class AgencyChoices {

    /** One agency of the tree, {@code depth} levels below the top of the caller's scope. */
    public record Choice(Agency agency, int depth) {
        public String indent() {
            return "\u00a0\u00a0".repeat(depth);
        }
    }

    private final AgencyTree agencies;

    AgencyChoices(AgencyTree agencies) {
        this.agencies = agencies;
    }

    List<Choice> of(Caller caller) {
        List<Agency> roots = new ArrayList<>();
        if (caller.national()) {
            roots.addAll(agencies.children(null));
        } else if (caller.staff() && caller.agencyId() != null) {
            agencies.byId(caller.agencyId()).ifPresent(roots::add);
        }
        List<Choice> result = new ArrayList<>();
        for (Agency root : roots) {
            List<Agency> subtree = agencies.subtree(root.id());
            Map<Long, List<Agency>> children = new HashMap<>();
            for (Agency agency : subtree) {
                if (agency.parentId() != null) {
                    children.computeIfAbsent(agency.parentId(), p -> new ArrayList<>()).add(agency);
                }
            }
            walk(root, 0, children, result);
        }
        return result;
    }

    private static void walk(Agency agency, int depth, Map<Long, List<Agency>> children, List<Choice> out) {
        out.add(new Choice(agency, depth));
        // subtree() orders by depth then code, so each child list is already sorted by code
        for (Agency child : children.getOrDefault(agency.id(), List.of())) {
            walk(child, depth + 1, children, out);
        }
    }
}
