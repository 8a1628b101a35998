package vn.hailong.alert;

import io.micronaut.http.HttpStatus;
import io.micronaut.security.authentication.Authentication;
import jakarta.inject.Singleton;
import vn.hailong.agency.Agency;
import vn.hailong.agency.AgencyTree;
import vn.hailong.audit.Actor;
import vn.hailong.audit.AuditLog;

import java.util.List;

/**
 * Creating, listing and deleting alert rules (API and rules page alike): one check
 * ({@link RuleValidator}), the caller's scope, the audit row.
 */
@Singleton
class RuleActions {

    private final RuleValidator validator;
    private final AlertRules rules;
    private final AgencyTree agencies;
    private final AlertAccess access;
    private final AuditLog audit;

    RuleActions(RuleValidator validator, AlertRules rules, AgencyTree agencies, AlertAccess access, AuditLog audit) {
        this.validator = validator;
        this.rules = rules;
        this.agencies = agencies;
        this.access = access;
        this.audit = audit;
    }

    /** The stored rule; {@link AlertRefused} with 422 (fields), 404 (unknown agency) or 403 (outside the caller's scope). */
    AlertRule create(RuleValidator.Input input, Authentication authentication) {
        RuleValidator.Result result = validator.check(input);
        if (!result.ok()) {
            throw new AlertRefused(HttpStatus.UNPROCESSABLE_ENTITY, result.refusals());
        }
        RuleValidator.Checked rule = result.checked();
        Agency agency = agencies.byCode(rule.agency()).orElseThrow(() ->
                new AlertRefused(HttpStatus.NOT_FOUND, AlertRefusal.of("agency", "agency.unknown", rule.agency())));
        if (!access.sees(authentication, agency.id())) {
            throw new AlertRefused(HttpStatus.FORBIDDEN, AlertRefusal.of("agency", "agency.outOfScope", agency.code()));
        }
        long id = rules.create(agency.id(), rule.kind(), rule.survey(), rule.recipients(), rule.threshold(), rule.days(),
                rule.element(), rule.drop(), rule.words(), rule.deadlineHours(), Actor.of(authentication).name());
        audit.record(Actor.of(authentication), "alert.rule.create", "alert-rule:" + id,
                "agency=" + agency.code() + "; kind=" + rule.kind() + "; survey=" + rule.survey());
        return rules.find(id).orElseThrow();
    }

    /** The live rules the caller may see, oldest first. */
    List<AlertRule> visible(Authentication authentication) {
        return rules.all().stream().filter(r -> access.sees(authentication, r.agencyId())).toList();
    }

    /** Deletes a rule the caller may see: it fires no more, its cases stay. 404 for a rule unknown or out of scope. */
    AlertRule delete(long id, Authentication authentication) {
        AlertRule rule = rules.find(id).filter(r -> access.sees(authentication, r.agencyId()))
                .orElseThrow(() -> new AlertRefused(HttpStatus.NOT_FOUND, AlertRefusal.of("id", "id.noRule", String.valueOf(id))));
        if (rules.delete(rule.id())) {
            audit.record(Actor.of(authentication), "alert.rule.delete", "alert-rule:" + id, "agency=" + rule.agencyCode());
        }
        return rule;
    }
}
