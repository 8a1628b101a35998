package vn.hailong.survey;

/** One thing wrong in a template file, with where it is. */
public record TemplateProblem(String file, int line, String path, String message) {

    @Override
    public String toString() {
        return file + ":" + line + " (" + path + "): " + message;
    }
}
