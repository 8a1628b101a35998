package vn.hailong.alert;

import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;
import vn.hailong.agency.Agency;
import vn.hailong.agency.AgencyTree;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The agencies the alert pages offer a caller, in tree order with their depth below the top of the
 * caller's scope: every agency for an admin; a reviewer's own agency and those below it.
 */
@Singleton
class ScopeAgencies {

    /** One agency of the caller's scope; {@code indent()} pads a select option. */
    public record Option(Agency agency, int depth) {
        public String indent() {
            return "\u00a0\u00a0".repeat(depth);
        }
    }

    private final AgencyTree agencies;
    private final AlertAccess access;

    ScopeAgencies(AgencyTree agencies, AlertAccess access) {
        this.agencies = agencies;
        this.access = access;
    }

    List<Option> of(Authentication authentication) {
        Long scope = access.scope(authentication);
        List<AgencyTree.Node> outline = agencies.outline();
        if (scope == null) {
            return outline.stream().map(n -> new Option(n.agency(), n.depth())).toList();
        }
        Set<Long> within = new HashSet<>();
        agencies.subtree(scope).forEach(a -> within.add(a.id()));
        int top = outline.stream().filter(n -> n.agency().id() == scope.longValue()).mapToInt(AgencyTree.Node::depth).findFirst().orElse(0);
        return outline.stream().filter(n -> within.contains(n.agency().id()))
                .map(n -> new Option(n.agency(), n.depth() - top)).toList();
    }
}
