package vn.hailong.system;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The operations listed in an OpenAPI document, for the browsable API page. */
final class ApiOperations {

    record Operation(String method, String path, String summary, String tag, boolean secured) {
    }

    private ApiOperations() {
    }

    @SuppressWarnings("unchecked")
    static List<Operation> read(String openApiYaml) {
        List<Operation> operations = new ArrayList<>();
        if (openApiYaml.isBlank()) {
            return operations;
        }
        Map<String, Object> document = new Yaml(new LoaderOptions()).load(openApiYaml);
        Object paths = document.get("paths");
        if (!(paths instanceof Map<?, ?> pathMap)) {
            return operations;
        }
        for (Map.Entry<?, ?> path : pathMap.entrySet()) {
            if (!(path.getValue() instanceof Map<?, ?> methods)) {
                continue;
            }
            for (Map.Entry<?, ?> method : methods.entrySet()) {
                if (!(method.getValue() instanceof Map<?, ?> op)) {
                    continue;
                }
                Object tags = op.get("tags");
                String tag = tags instanceof List<?> list && !list.isEmpty() ? String.valueOf(list.get(0)) : "";
                operations.add(new Operation(String.valueOf(method.getKey()).toUpperCase(java.util.Locale.ROOT),
                        String.valueOf(path.getKey()), op.get("summary") == null ? "" : String.valueOf(op.get("summary")), tag,
                        op.containsKey("security")));
            }
        }
        operations.sort(java.util.Comparator.comparing(Operation::tag).thenComparing(Operation::path));
        return operations;
    }
}
