package vn.hailong.entry;

import io.micronaut.http.HttpStatus;

import java.util.List;
import java.util.Map;

/** A refused entry action: the page's status, the problems to show and what was typed (shown again). Nothing was stored. */
class EntryRefused extends RuntimeException {

    private final HttpStatus status;
    private final List<EntryProblem> problems;
    private final Map<String, String> typed;

    EntryRefused(HttpStatus status, List<EntryProblem> problems, Map<String, String> typed) {
        super(problems.isEmpty() ? status.getReason() : problems.get(0).key(), null, false, false);
        this.status = status;
        this.problems = List.copyOf(problems);
        this.typed = typed;
    }

    EntryRefused(HttpStatus status, EntryProblem problem) {
        this(status, List.of(problem), Map.of());
    }

    HttpStatus status() {
        return status;
    }

    List<EntryProblem> problems() {
        return problems;
    }

    Map<String, String> typed() {
        return typed;
    }
}
