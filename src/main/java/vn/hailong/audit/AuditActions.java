package vn.hailong.audit;

/**
 * The action codes in use, so that filters and reports can rely on them. Other features may use
 * their own codes in the same {@code <thing>.<verb>} shape (e.g. {@code kiosk.revoke}).
 */
public final class AuditActions {

    public static final String LOGIN = "login";
    public static final String LOGIN_FAILED = "login.failed";
    public static final String LOGIN_LOCKED = "login.locked";
    public static final String LOGOUT = "logout";
    public static final String ACCOUNT_UNLOCK = "account.unlock";
    public static final String AGENCY_CREATE = "agency.create";
    public static final String AGENCY_UPDATE = "agency.update";
    public static final String AGENCY_MOVE = "agency.move";
    public static final String AGENCY_RETIRE = "agency.retire";
    public static final String AGENCY_IMPORT = "agency.import";
    public static final String ACCOUNT_CREATE = "account.create";
    public static final String ACCOUNT_UPDATE = "account.update";
    public static final String ACCOUNT_PASSWORD_RESET = "account.password-reset";
    public static final String ACCOUNT_DISABLE = "account.disable";
    public static final String KIOSK_ENROL = "kiosk.enrol";
    public static final String KIOSK_REVOKE = "kiosk.revoke";
    public static final String TEMPLATE_IMPORT = "template.import";
    public static final String TEMPLATE_CURRENT = "template.current";
    public static final String TEMPLATE_RETIRE = "template.retire";
    public static final String ROLLUPS_REBUILD = "rollups.rebuild";
    public static final String EXPORT_CSV = "export.csv";
    public static final String EXPORT_XLSX = "export.xlsx";
    /** The report document (issue 15 §1), Word and PDF. */
    public static final String EXPORT_DOCX = "export.docx";
    public static final String EXPORT_PDF = "export.pdf";
    public static final String AUDIT_EXPORT = "audit.export";
    public static final String AUDIT_VERIFY = "audit.verify";
    public static final String FLAG_CONFIRM = "flag.confirm";
    public static final String FLAG_DISMISS = "flag.dismiss";
    public static final String FLAG_REVERT = "flag.revert";

    private AuditActions() {
    }
}
