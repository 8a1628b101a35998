package vn.hailong.agency;

/**
 * The fields of an agency, with the name each entry point uses: the API and the admin forms
 * ({@link #formName()}, camelCase) and the CSV file ({@link #csvColumn()}).
 */
public enum AgencyField {
    CODE("code", "code"),
    PARENT("parent", "parent"),
    NAME_VI("nameVi", "name_vi"),
    NAME_EN("nameEn", "name_en"),
    KIND("kind", "kind"),
    TIME_ZONE("timeZone", "time_zone"),
    VALID_FROM("validFrom", "valid_from"),
    VALID_TO("validTo", "valid_to");

    private final String formName;
    private final String csvColumn;

    AgencyField(String formName, String csvColumn) {
        this.formName = formName;
        this.csvColumn = csvColumn;
    }

    public String formName() {
        return formName;
    }

    public String csvColumn() {
        return csvColumn;
    }
}
