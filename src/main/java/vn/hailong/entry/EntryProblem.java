package vn.hailong.entry;

import java.util.List;

/** One refusal on an entry page: the form field it marks and the message key with its parameters. */
record EntryProblem(String field, String key, List<Object> params) {

    static EntryProblem of(String field, String key, Object... params) {
        return new EntryProblem(field, key, List.of(params));
    }

    public Object[] paramArray() {
        return params.toArray();
    }
}
