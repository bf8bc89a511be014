package dev.bollard.expr;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.TreeMap;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** YAML and JSON for the {@code to_yaml}, {@code from_yaml} and {@code from_json} filters. */
final class PyYaml {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PyYaml() {
    }

    static String dump(Object v, int indent, boolean flow) {
        DumperOptions o = new DumperOptions();
        o.setIndent(Math.max(2, indent));
        o.setAllowUnicode(true);
        o.setWidth(80);
        o.setDefaultFlowStyle(flow ? DumperOptions.FlowStyle.AUTO : DumperOptions.FlowStyle.BLOCK);
        return new Yaml(o).dump(sorted(JinjaValues.out(v)));
    }

    private static Object sorted(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new TreeMap<>();
            m.forEach((k, val) -> out.put(String.valueOf(k), sorted(val)));
            return out;
        }
        if (v instanceof java.util.List<?> l) return l.stream().map(PyYaml::sorted).toList();
        return v;
    }

    static Object load(String text) {
        return new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
    }

    static Object fromJson(String text) {
        try {
            return JSON.readValue(text, Object.class);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("from_json: not valid JSON: " + e.getMessage().split("\n")[0]);
        }
    }
}
