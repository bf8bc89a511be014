package dev.bollard.inventory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ansible's INI inventory: {@code [group]} host lines with inline {@code key=value} variables,
 * {@code [group:vars]}, {@code [group:children]}, comments, and ranges such as {@code web[01:03]}.
 */
final class IniInventoryReader {
    private static final Pattern SECTION = Pattern.compile("^\\[([^\\]:]+)(?::(vars|children))?]$");
    private static final Pattern RANGE = Pattern.compile("\\[([0-9]+|[a-z]):([0-9]+|[a-z])]");

    private IniInventoryReader() {
    }

    static RawInventory read(String text, String file) throws InventoryException {
        RawInventory raw = new RawInventory();
        String group = "ungrouped";
        String kind = "hosts";
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            String where = file + ":" + (i + 1) + ": ";
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) continue;
            if (line.startsWith("[")) {
                Matcher m = SECTION.matcher(line);
                if (!m.matches()) throw new InventoryException(where + "cannot read section header '" + line + "'");
                group = m.group(1).strip();
                kind = m.group(2) == null ? "hosts" : m.group(2);
                raw.group(group);
                continue;
            }
            List<String> words = words(line, where);
            switch (kind) {
                case "vars" -> {
                    Map<String, Object> kv = keyValues(List.of(line), where, true);
                    raw.group(group).vars.putAll(kv);
                }
                case "children" -> {
                    if (words.size() != 1) throw new InventoryException(where + "a [" + group + ":children] line names one group");
                    raw.group(group).children.add(words.get(0));
                    raw.group(words.get(0));
                }
                default -> {
                    Map<String, Object> vars = keyValues(words.subList(1, words.size()), where, false);
                    for (String host : expand(words.get(0), where)) raw.addHost(group, host, vars);
                }
            }
        }
        return raw;
    }

    private static List<String> words(String line, String where) throws InventoryException {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        for (char c : line.toCharArray()) {
            if (quote != 0) {
                if (c == quote) quote = 0;
                else cur.append(c);
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#' && cur.length() == 0) {
                break;
            } else if (Character.isWhitespace(c)) {
                if (cur.length() > 0) out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        if (quote != 0) throw new InventoryException(where + "unclosed quote");
        if (cur.length() > 0) out.add(cur.toString());
        return out;
    }

    private static Map<String, Object> keyValues(List<String> words, String where, boolean wholeLine) throws InventoryException {
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> items = wholeLine ? List.of(words.get(0)) : words;
        for (String w : items) {
            int eq = w.indexOf('=');
            if (eq <= 0) throw new InventoryException(where + "expected key=value, not '" + w + "'");
            String key = w.substring(0, eq).strip();
            String value = w.substring(eq + 1).strip();
            if (wholeLine && value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            out.put(key, typed(value));
        }
        return out;
    }

    /** INI values are strings, except plain numbers and booleans, as Ansible reads them. */
    private static Object typed(String v) {
        if (v.matches("-?[1-9][0-9]{0,8}|0")) return Integer.parseInt(v);
        if (v.equalsIgnoreCase("true")) return true;
        if (v.equalsIgnoreCase("false")) return false;
        return v;
    }

    static List<String> expand(String pattern, String where) throws InventoryException {
        Matcher m = RANGE.matcher(pattern);
        if (!m.find()) return List.of(pattern);
        String a = m.group(1);
        String b = m.group(2);
        List<String> out = new ArrayList<>();
        String prefix = pattern.substring(0, m.start());
        String suffix = pattern.substring(m.end());
        if (Character.isDigit(a.charAt(0))) {
            if (!Character.isDigit(b.charAt(0))) throw new InventoryException(where + "bad host range in '" + pattern + "'");
            int from = Integer.parseInt(a);
            int to = Integer.parseInt(b);
            if (to < from) throw new InventoryException(where + "host range " + a + ":" + b + " runs backwards");
            String fmt = a.startsWith("0") && a.length() > 1 ? "%0" + a.length() + "d" : "%d";
            for (int n = from; n <= to; n++) out.addAll(expand(prefix + String.format(fmt, n) + suffix, where));
        } else {
            for (char c = a.charAt(0); c <= b.charAt(0); c++) out.addAll(expand(prefix + c + suffix, where));
        }
        return out;
    }
}
