package vn.hailong.survey;

import java.util.List;
import java.util.stream.Collectors;

/** A template that cannot be used; the message lists every problem found, each with file and line. */
public class TemplateException extends RuntimeException {

    private final List<TemplateProblem> problems;

    public TemplateException(List<TemplateProblem> problems) {
        super("Survey template problem" + (problems.size() > 1 ? "s" : "") + ":\n  "
                + problems.stream().map(TemplateProblem::toString).collect(Collectors.joining("\n  ")));
        this.problems = List.copyOf(problems);
    }

    public List<TemplateProblem> problems() {
        return problems;
    }
}
