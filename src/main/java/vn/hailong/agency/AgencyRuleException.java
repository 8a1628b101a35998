package vn.hailong.agency;

import java.util.List;

/**
 * A change of the tree that its rules refuse (a cycle, a retired parent...). Carries a message key
 * and its arguments for the pages, and an English text for the API and the logs.
 */
public class AgencyRuleException extends RuntimeException {

    private final String key;
    private final List<Object> args;

    public AgencyRuleException(String key, String english, Object... args) {
        super(english);
        this.key = key;
        this.args = List.of(args);
    }

    public String key() {
        return key;
    }

    public List<Object> args() {
        return args;
    }
}
