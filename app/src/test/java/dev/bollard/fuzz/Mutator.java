package dev.bollard.fuzz;

import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Breaks a text the ways people and editors break playbooks: a stray byte, a lost or doubled
 * line, a shifted indent, a value of the wrong type, a file cut short, an unclosed template tag.
 */
final class Mutator {
    private static final String SIGNIFICANT = ":{}[]-#&*!|>'\"%@`,?\t\n\\$<~=";
    private static final List<String> VALUES = List.of("[]", "{}", "~", "null", "true", "no", "0", "-1", "99999999999999999999",
            "0.5", "1e400", "\"\"", "[a, [b, {c: d}]]", "{a: 1, b: [2]}", "!vault |", "!!binary AAAA", "*nowhere", "&a x",
            "'{{ undefined_thing }}'", "\"{{ 1 / 0 }}\"", "'{{ [] | first }}'", "\"{{ '%' | format }}\"", ">-", "|", "!!int x",
            "!!float y", "!!map []", "!!seq {}", "!unknown tag", "'0755'", "0o777", "yes", "\"\\u0000\"", "\"\\uD800\"");
    private static final List<String> JINJA_BREAKS = List.of("{{", "}}", "{%", "%}", "{{ }}", "{{ x | nosuchfilter }}", "{{ x.", "{% if %}",
            "{% for %}", "{% endfor %}", "{% endraw %}", "{% raw %}", "{# ", "{{ (1 }}", "{{ item[ }}", "{{ 'a' ~ }}", "{{ x(((( }}",
            "{{ range(99999999) | list }}", "{{ lookup('file', '/nonexistent') }}", "{{ 1 + 'a' }}", "{% set %}", "{{ a.b.c.d }}");
    private static final List<String> FTL_BREAKS = List.of("${", "${}", "<#list>", "</#list>", "<#if>", "${x?nosuchbuiltin}", "<#assign",
            "${settings[}", "<@macro/>", "${1/0}", "<#include \"/etc/passwd\">", "${x!}", "<#--", "${.now?string(}", "#{");
    private static final Pattern KEY_VALUE = Pattern.compile("(?m)^(\\s*-?\\s*[A-Za-z_][\\w-]*:)[ ]+(\\S.*)$");
    private static final Pattern TAG = Pattern.compile("\\{\\{|\\}\\}|\\{%|%\\}|\\$\\{|<#|</#");

    private final Random random;

    Mutator(Random random) {
        this.random = random;
    }

    /** One to three mutations of {@code text}, and their names for the failure report. */
    Mutated mutate(String text, boolean template) {
        int n = 1 + random.nextInt(3);
        StringBuilder names = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int kind = random.nextInt(9);
            names.append(i == 0 ? "" : "+");
            switch (kind) {
                case 0 -> { text = flip(text); names.append("byte-flip"); }
                case 1 -> { text = deleteLine(text); names.append("delete-line"); }
                case 2 -> { text = duplicateLine(text); names.append("duplicate-line"); }
                case 3 -> { text = indent(text); names.append("indent"); }
                case 4 -> { text = swapValue(text); names.append("type-swap"); }
                case 5 -> { text = truncate(text); names.append("truncate"); }
                case 6 -> { text = breakTemplate(text, template); names.append("template-break"); }
                case 7 -> { text = insert(text, JINJA_BREAKS.get(random.nextInt(JINJA_BREAKS.size()))); names.append("jinja-insert"); }
                default -> { text = swapLines(text); names.append("swap-lines"); }
            }
        }
        return new Mutated(text, names.toString());
    }

    record Mutated(String text, String how) {
    }

    private String flip(String text) {
        if (text.isEmpty()) return text;
        int at = random.nextInt(text.length());
        char c = random.nextInt(4) == 0 ? (char) random.nextInt(0x2FF) : SIGNIFICANT.charAt(random.nextInt(SIGNIFICANT.length()));
        return text.substring(0, at) + c + text.substring(at + 1);
    }

    private String deleteLine(String text) {
        String[] lines = text.split("\n", -1);
        int at = random.nextInt(lines.length);
        return join(lines, at, null, false);
    }

    private String duplicateLine(String text) {
        String[] lines = text.split("\n", -1);
        int at = random.nextInt(lines.length);
        return join(lines, at, lines[at], true);
    }

    private String indent(String text) {
        String[] lines = text.split("\n", -1);
        int at = random.nextInt(lines.length);
        String line = lines[at];
        int by = 1 + random.nextInt(4);
        lines[at] = random.nextBoolean() ? " ".repeat(by) + line : line.replaceFirst("^ {1," + by + "}", random.nextInt(5) == 0 ? "\t" : "");
        return String.join("\n", lines);
    }

    private String swapValue(String text) {
        Matcher m = KEY_VALUE.matcher(text);
        int count = 0;
        while (m.find()) count++;
        if (count == 0) return flip(text);
        int pick = random.nextInt(count);
        m.reset();
        for (int i = 0; i <= pick; i++) m.find();
        String value = VALUES.get(random.nextInt(VALUES.size()));
        return text.substring(0, m.start(2)) + value + text.substring(m.end(2));
    }

    private String truncate(String text) {
        return text.isEmpty() ? text : text.substring(0, random.nextInt(text.length()));
    }

    private String breakTemplate(String text, boolean ftl) {
        Matcher m = TAG.matcher(text);
        int count = 0;
        while (m.find()) count++;
        List<String> breaks = ftl ? FTL_BREAKS : JINJA_BREAKS;
        if (count == 0) return insert(text, breaks.get(random.nextInt(breaks.size())));
        int pick = random.nextInt(count);
        m.reset();
        for (int i = 0; i <= pick; i++) m.find();
        String with = random.nextBoolean() ? "" : breaks.get(random.nextInt(breaks.size()));
        return text.substring(0, m.start()) + with + text.substring(m.end());
    }

    private String insert(String text, String what) {
        int at = text.isEmpty() ? 0 : random.nextInt(text.length());
        return text.substring(0, at) + what + text.substring(at);
    }

    private String swapLines(String text) {
        String[] lines = text.split("\n", -1);
        if (lines.length < 2) return text;
        int a = random.nextInt(lines.length - 1);
        String t = lines[a];
        lines[a] = lines[a + 1];
        lines[a + 1] = t;
        return String.join("\n", lines);
    }

    private static String join(String[] lines, int at, String extra, boolean keep) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            if (i == at && extra != null) out.append(extra).append('\n');
            if (i != at || keep) out.append(lines[i]).append(i < lines.length - 1 ? "\n" : "");
        }
        return out.toString();
    }
}
