package vn.hailong.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.views.ModelAndView;
import io.swagger.v3.oas.annotations.Hidden;
import vn.hailong.account.Account;
import vn.hailong.account.AccountRegistry;
import vn.hailong.account.AccountRules;
import vn.hailong.account.LoginThrottle;
import vn.hailong.account.Role;
import vn.hailong.account.Usernames;
import vn.hailong.agency.Agency;
import vn.hailong.agency.AgencyScope;
import vn.hailong.agency.AgencyTree;
import vn.hailong.audit.AuditActions;
import vn.hailong.system.DatabaseErrors;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Staff accounts: create, new password, disable / enable, change of agency scope. The last three
 * end the account's open sessions at once (see account.SessionRevocation, checked on every request
 * by account.RevocationClaimsValidator).
 */
@Controller("/admin/accounts")
@Secured("ADMIN")
@ExecuteOn(TaskExecutors.BLOCKING)
@Hidden
class AccountAdminController {

    private static final String LIST = "admin/accounts";
    private static final String ONE = "admin/account";

    private final AccountRegistry accounts;
    private final AgencyTree agencies;
    private final AgencyScope agencyScope;
    private final AdminAudit audit;
    private final LoginThrottle throttle;
    private final java.time.ZoneId zone;

    AccountAdminController(AccountRegistry accounts, AgencyTree agencies, AgencyScope agencyScope, AdminAudit audit, LoginThrottle throttle,
                           @io.micronaut.context.annotation.Value("${hailong.default-time-zone:Asia/Ho_Chi_Minh}") String zone) {
        this.accounts = accounts;
        this.agencies = agencies;
        this.agencyScope = agencyScope;
        this.audit = audit;
        this.throttle = throttle;
        this.zone = java.time.ZoneId.of(zone);
    }

    /** Username → "HH:mm" (local time) until which it is locked for browsers it does not know. */
    private Map<String, String> lockedUntil() {
        Map<String, String> locked = new HashMap<>();
        java.time.format.DateTimeFormatter hhmm = java.time.format.DateTimeFormatter.ofPattern("HH:mm").withZone(zone);
        throttle.lockedAccounts().forEach(a -> locked.put(a.username(), hhmm.format(a.lockedUntil())));
        return locked;
    }

    @Get(produces = MediaType.TEXT_HTML)
    ModelAndView<Map<String, Object>> list(HttpRequest<?> request, Authentication authentication) {
        return new ModelAndView<>(LIST, listModel(request, authentication, Map.of()));
    }

    private Map<String, Object> listModel(HttpRequest<?> request, Authentication authentication, Map<String, Object> form) {
        Map<String, Object> model = AdminForms.model(request, "accounts");
        Map<Long, String> codes = new HashMap<>();
        agencyScope.outline(authentication).forEach(n -> codes.put(n.agency().id(), n.agency().code()));
        boolean national = AgencyScope.national(authentication);
        List<Map<String, Object>> rows = new ArrayList<>();
        // The accounts of the caller's scope: a province administrator sees none above their agency.
        for (Account a : accounts.all().stream().filter(a -> a.agencyId() == null ? national : codes.containsKey(a.agencyId())).toList()) {
            rows.add(Map.of("account", a, "agency", a.agencyId() == null ? "" : codes.getOrDefault(a.agencyId(), "")));
        }
        model.put("rows", rows);
        model.put("locked", lockedUntil());
        model.put("roles", Role.accountRoles());
        model.put("codes", codes.values().stream().sorted().toList());
        model.put("form", form);
        model.put("minPassword", AccountRules.MIN_PASSWORD);
        return model;
    }

    @Post(consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<?> create(@Body Map<String, Object> form, Authentication authentication, HttpRequest<?> request) {
        Map<String, Object> model = listModel(request, authentication, form);
        List<FormError> errors = new ArrayList<>();
        String typed = AdminForms.text(form, "username");
        String username = typed == null ? null : Usernames.normalise(typed).orElse(null);
        if (typed != null && username == null) {
            errors.add(FormError.of("username", "admin.error.usernameInvisible"));
        } else if (username == null || !AccountRules.USERNAME.matcher(username).matches()) {
            errors.add(FormError.of("username", "admin.error.username"));
        }
        String password = AdminForms.raw(form, "password");
        if (!AccountRules.validPassword(password)) {
            errors.add(FormError.of("password", "admin.error.password", AccountRules.MIN_PASSWORD, AccountRules.MAX_PASSWORD));
        }
        Optional<Role> role = Optional.ofNullable(AdminForms.text(form, "role")).flatMap(Role::parse).filter(Role.accountRoles()::contains);
        if (role.isEmpty()) {
            errors.add(FormError.of("role", "admin.error.role"));
        }
        Agency agency = scope(form, role.orElse(null), errors);
        if (errors.stream().noneMatch(e -> e.field().equals("agency") || e.field().equals("role"))) {
            agencyScope.checkScope(authentication, agency == null ? null : agency.id(), "create accounts for");
        }
        if (username != null && errors.stream().noneMatch(e -> e.field().equals("username")) && accounts.exists(username)) {
            errors.add(FormError.of("username", "admin.error.usernameTaken", username));
        }
        if (!errors.isEmpty()) {
            return AdminForms.invalid(LIST, model, errors);
        }
        try {
            Long agencyId = agency == null ? null : agency.id();
            audit.change(authentication, AuditActions.ACCOUNT_CREATE, "account:" + username, agency == null ? null : agency.code(),
                    "role " + role.get(), () -> accounts.create(username, password, role.get(), agencyId));
        } catch (RuntimeException e) {
            if (DatabaseErrors.isConstraintViolation(e) && accounts.exists(username)) {
                return AdminForms.invalid(LIST, model, List.of(FormError.of("username", "admin.error.usernameTaken", username)));
            }
            throw e;
        }
        return AdminForms.done("/admin/accounts", "created", username, model);
    }

    /**
     * ADMIN accounts without agency see everything (the national administrator), with one they are
     * province administrators of that subtree (issue 15); REVIEWER and KIOSK accounts need one.
     */
    private @Nullable Agency scope(Map<String, Object> form, @Nullable Role role, List<FormError> errors) {
        String code = AdminForms.text(form, "agency");
        if (role == Role.ADMIN && code == null) {
            return null;
        }
        if (code == null) {
            if (role != null) {
                errors.add(FormError.of("agency", "admin.error.scopeRequired"));
            }
            return null;
        }
        Optional<Agency> agency = agencies.byCode(code);
        if (agency.isEmpty()) {
            errors.add(FormError.of("agency", "admin.error.noAgency", code));
            return null;
        }
        return agency.get();
    }

    @Get(value = "/{username}", produces = MediaType.TEXT_HTML)
    HttpResponse<?> one(String username, HttpRequest<?> request, Authentication authentication) {
        Map<String, Object> model = AdminForms.model(request, "accounts");
        Optional<Account> account = accounts.byUsername(username);
        if (account.isEmpty()) {
            return AdminForms.notFound(model);
        }
        checkAccount(authentication, account.get());
        return HttpResponse.ok(new ModelAndView<>(ONE, oneModel(model, authentication, account.get(), Map.of())));
    }

    /** 403 for an account above or beside the caller's scope (AgencyScope): it may not even be looked at. */
    private void checkAccount(Authentication authentication, Account account) {
        agencyScope.checkScope(authentication, account.agencyId(), "manage the account " + account.username() + " of");
    }

    private Map<String, Object> oneModel(Map<String, Object> model, Authentication authentication, Account account, Map<String, Object> form) {
        model.put("account", account);
        model.put("locked", lockedUntil());
        model.put("agency", account.agencyId() == null ? "" : agencies.byId(account.agencyId()).map(Agency::code).orElse(""));
        model.put("codes", agencyScope.outline(authentication).stream().map(n -> n.agency().code()).toList());
        model.put("form", form);
        model.put("minPassword", AccountRules.MIN_PASSWORD);
        return model;
    }

    @Post(value = "/{username}/password", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<?> password(String username, @Body Map<String, Object> form, Authentication authentication, HttpRequest<?> request) {
        Map<String, Object> model = AdminForms.model(request, "accounts");
        Optional<Account> account = accounts.byUsername(username);
        if (account.isEmpty()) {
            return AdminForms.notFound(model);
        }
        checkAccount(authentication, account.get());
        String password = AdminForms.raw(form, "password");
        if (!AccountRules.validPassword(password)) {
            return AdminForms.invalid(ONE, oneModel(model, authentication, account.get(), Map.of()),
                    List.of(FormError.of("password", "admin.error.password", AccountRules.MIN_PASSWORD, AccountRules.MAX_PASSWORD)));
        }
        audit.change(authentication, AuditActions.ACCOUNT_PASSWORD_RESET, "account:" + username, scopeOf(account.get()),
                "new password set, sessions ended", () -> accounts.setPassword(account.get(), password));
        return AdminForms.done(path(username), "password", username, model);
    }

    /** The confirmation step before disabling an account: who is locked out, what ends now, that it can be undone. */
    @Get(value = "/{username}/disable", produces = MediaType.TEXT_HTML)
    HttpResponse<?> confirmDisable(String username, Authentication authentication, HttpRequest<?> request) {
        Map<String, Object> model = AdminForms.model(request, "accounts");
        Optional<Account> account = accounts.byUsername(username);
        if (account.isEmpty()) {
            return AdminForms.notFound(model);
        }
        checkAccount(authentication, account.get());
        if (!account.get().enabled()) {
            return HttpResponse.seeOther(java.net.URI.create(path(username) + "?lang=" + model.get("lang")));
        }
        if (username.equals(authentication.getName())) {
            return AdminForms.invalid(ONE, oneModel(model, authentication, account.get(), Map.of()), List.of(FormError.of("enabled", "admin.error.disableSelf")));
        }
        List<FormError> lines = List.of(
                ConfirmStep.line("admin.confirm.account.login", username),
                ConfirmStep.line("admin.confirm.account.sessions"),
                ConfirmStep.line("admin.confirm.account.kept"),
                ConfirmStep.line("admin.confirm.account.undo"));
        return ConfirmStep.page(model, "admin.confirm.account.title", username, "admin.account.disable",
                path(username) + "/disable", path(username), lines);
    }

    @Post(value = "/{username}/disable", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<?> disable(String username, Authentication authentication, HttpRequest<?> request) {
        return setEnabled(username, false, authentication, request);
    }

    @Post(value = "/{username}/enable", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<?> enable(String username, Authentication authentication, HttpRequest<?> request) {
        return setEnabled(username, true, authentication, request);
    }

    private HttpResponse<?> setEnabled(String username, boolean enabled, Authentication authentication, HttpRequest<?> request) {
        Map<String, Object> model = AdminForms.model(request, "accounts");
        Optional<Account> account = accounts.byUsername(username);
        if (account.isEmpty()) {
            return AdminForms.notFound(model);
        }
        checkAccount(authentication, account.get());
        // An administrator who disables their own account locks themselves out mid-task.
        if (!enabled && username.equals(authentication.getName())) {
            return AdminForms.invalid(ONE, oneModel(model, authentication, account.get(), Map.of()), List.of(FormError.of("enabled", "admin.error.disableSelf")));
        }
        audit.change(authentication, enabled ? "account.enable" : AuditActions.ACCOUNT_DISABLE, "account:" + username,
                scopeOf(account.get()), enabled ? null : "sessions ended", () -> accounts.setEnabled(account.get(), enabled));
        return AdminForms.done(path(username), enabled ? "enabled" : "disabled", username, model);
    }

    /**
     * Clears the login lock of an account (issue 11, finding 4): for every client and each of its
     * remembered browsers. Audited (LoginEvent UNLOCKED → audit action account.unlock, by this admin).
     */
    @Post(value = "/{username}/unlock", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<?> unlock(String username, Authentication authentication, HttpRequest<?> request) {
        Map<String, Object> model = AdminForms.model(request, "accounts");
        Optional<Account> account = accounts.byUsername(username);
        if (account.isEmpty()) {
            return AdminForms.notFound(model);
        }
        checkAccount(authentication, account.get());
        throttle.unlock(account.get().username(), authentication.getName());
        return AdminForms.done("/admin/accounts", "unlocked", account.get().username(), model);
    }

    @Post(value = "/{username}/scope", consumes = MediaType.APPLICATION_FORM_URLENCODED, produces = MediaType.TEXT_HTML)
    HttpResponse<?> scope(String username, @Body Map<String, Object> form, Authentication authentication, HttpRequest<?> request) {
        Map<String, Object> model = AdminForms.model(request, "accounts");
        Optional<Account> account = accounts.byUsername(username);
        if (account.isEmpty()) {
            return AdminForms.notFound(model);
        }
        checkAccount(authentication, account.get());
        List<FormError> errors = new ArrayList<>();
        Agency agency = scope(form, account.get().role(), errors);
        if (!errors.isEmpty()) {
            return AdminForms.invalid(ONE, oneModel(model, authentication, account.get(), form), errors);
        }
        // The new scope too: never moved above or beside the caller's own.
        agencyScope.checkScope(authentication, agency == null ? null : agency.id(), "give accounts the scope of");
        Long agencyId = agency == null ? null : agency.id();
        audit.change(authentication, AuditActions.ACCOUNT_UPDATE, "account:" + username, agency == null ? null : agency.code(),
                "scope from " + scopeOf(account.get()) + " to " + (agency == null ? "-" : agency.code()) + ", sessions ended",
                () -> accounts.setScope(account.get(), agencyId));
        return AdminForms.done(path(username), "scope", username, model);
    }

    private @Nullable String scopeOf(Account account) {
        return account.agencyId() == null ? null : agencies.byId(account.agencyId()).map(Agency::code).orElse(null);
    }

    private static String path(String username) {
        return "/admin/accounts/" + AdminForms.enc(username);
    }
}
