package dev.bollard.expr;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import dev.bollard.yaml.YamlLimits;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * YAML and JSON for the {@code to_yaml}, {@code from_yaml} and {@code from_json} filters, written
 * as PyYAML writes them: keys sorted, text with line breaks quoted rather than in a {@code |}
 * block, floats as Python prints them.
 */
final class PyYaml {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.util.regex.Pattern LINE_BREAK = java.util.regex.Pattern.compile("[\\n\\r\\x85\\u2028\\u2029]");

    private PyYaml() {
    }

    static String dump(Object v, int indent, boolean flow) {
        DumperOptions o = new DumperOptions();
        o.setIndent(Math.max(2, indent));
        o.setAllowUnicode(true);
        o.setWidth(80);
        o.setDefaultFlowStyle(flow ? DumperOptions.FlowStyle.AUTO : DumperOptions.FlowStyle.BLOCK);
        return new Yaml(new SafeConstructor(YamlLimits.options()), new PyRepresenter(o), o, YamlLimits.options(), new PyResolver(true))
                .dump(sorted(JinjaValues.out(v)));
    }

    private static Object sorted(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new TreeMap<>();
            m.forEach((k, val) -> out.put(String.valueOf(k), sorted(val)));
            return out;
        }
        if (v instanceof List<?> l) return l.stream().map(PyYaml::sorted).toList();
        return v;
    }

    /** Dates stay text ("2021-01-01"), as Ansible prints the date PyYAML reads. */
    static Object load(String text) {
        LoaderOptions options = YamlLimits.options();
        YamlLimits.checkSize(text);
        return new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()), new DumperOptions(), options, new PyResolver(false)).load(text);
    }

    /** YAML 1.1 as PyYAML reads it: a float needs a dot ("1e3" is text); dates only when asked. */
    private static final class PyResolver extends Resolver {
        private static final java.util.regex.Pattern FLOAT = java.util.regex.Pattern.compile(
                "^(?:[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?|\\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
                + "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*|[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN))$");
        private final boolean dates;

        PyResolver(boolean dates) {
            super();
            this.dates = dates;
            yamlImplicitResolvers.clear();
            addImplicitResolvers();
        }

        @Override
        public void addImplicitResolver(Tag tag, java.util.regex.Pattern regexp, String first, int limit) {
            if (Tag.TIMESTAMP.equals(tag) && !dates) return;
            super.addImplicitResolver(tag, Tag.FLOAT.equals(tag) ? FLOAT : regexp, first, limit);
        }
    }

    static Object fromJson(String text) {
        try {
            return JSON.readValue(text, Object.class);
        } catch (java.io.IOException e) {
            String why = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new IllegalArgumentException("from_json: not valid JSON: " + why.split("\n")[0]);
        }
    }

    /** SnakeYAML would write text with line breaks as a literal block and floats as Java prints them; PyYAML does neither. */
    private static final class PyRepresenter extends Representer {
        PyRepresenter(DumperOptions options) {
            super(options);
            representers.put(String.class, data -> {
                String text = data.toString();
                if (!LINE_BREAK.matcher(text).find()) return representScalar(Tag.STR, text, DumperOptions.ScalarStyle.PLAIN);
                // PyYAML writes text with a line break quoted, yet lets its mapping stay in flow style as for any plain scalar
                return new ScalarNode(Tag.STR, text, null, null, DumperOptions.ScalarStyle.SINGLE_QUOTED) {
                    @Override
                    public boolean isPlain() {
                        return true;
                    }
                };
            });
            representers.put(Double.class, data -> representScalar(Tag.FLOAT, pyFloat((Double) data), DumperOptions.ScalarStyle.PLAIN));
        }

        private static String pyFloat(double d) {
            if (Double.isNaN(d)) return ".nan";
            if (Double.isInfinite(d)) return d > 0 ? ".inf" : "-.inf";
            String s = Py.number(d);
            return s.contains("e") && !s.contains(".") ? s.replace("e", ".0e") : s;
        }
    }
}
