package dev.bollard.cli;

import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * picocli options declared in code, for the commands a run parses. Annotations say the same, but
 * reading them makes the JVM generate a proxy class per annotation type at every start: that was a
 * third of the main thread's time before a run read its playbook.
 */
final class OptionSpecs {
    private OptionSpecs() {
    }

    /** An option without a value: {@code --check}. */
    static OptionSpec flag(String description, String... names) {
        return OptionSpec.builder(names).arity("0").type(boolean.class).description(description).build();
    }

    /** An option with one value of {@code type}. */
    static OptionSpec value(Class<?> type, String label, String description, String... names) {
        return OptionSpec.builder(names).type(type).paramLabel(label).description(description).build();
    }

    /** As above, with a default (the description says it: a run's command line does not interpolate variables). */
    static OptionSpec value(Class<?> type, String label, Object defaultValue, String description, String... names) {
        return OptionSpec.builder(names).type(type).paramLabel(label).defaultValue(String.valueOf(defaultValue))
                .description(description).build();
    }

    /** A repeatable option: every value given, in order. */
    static OptionSpec repeatable(Class<?> elementType, String label, String description, String... names) {
        return OptionSpec.builder(names).type(List.class).auxiliaryTypes(elementType).paramLabel(label).description(description).build();
    }

    /** As above, and each value split at commas: {@code -t a,b -t c}. */
    static OptionSpec commaSeparated(String label, String description, String... names) {
        return OptionSpec.builder(names).type(List.class).auxiliaryTypes(String.class).splitRegex(",").paramLabel(label)
                .description(description).build();
    }

    /** {@code -h/--help} and {@code -V/--version}, as picocli's standard help options word them. */
    static void standardHelp(CommandSpec spec, String version) {
        spec.version(version);
        spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help message and exit.").build());
        spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true).description("Print version information and exit.").build());
    }

    /** Exit codes for the help, in order: {@code "0", "all good", "2", "..."}. */
    static void exitCodes(CommandSpec spec, String... codesAndMeanings) {
        Map<String, String> list = new java.util.LinkedHashMap<>();
        for (int i = 0; i < codesAndMeanings.length; i += 2) list.put(codesAndMeanings[i], codesAndMeanings[i + 1]);
        spec.usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(list);
    }

    static boolean flag(ParseResult r, String name) {
        return r.hasMatchedOption(name);
    }

    /** The value given, or {@code otherwise} (for an option with a default, pass that default). */
    static <T> T value(ParseResult r, String name, T otherwise) {
        return r.matchedOptionValue(name, otherwise);
    }

    /** Every value a repeatable option was given, in order (a new list: the caller may add to it). */
    static <T> List<T> values(ParseResult r, String name) {
        List<T> given = r.matchedOptionValue(name, List.of());
        return new java.util.ArrayList<>(given);
    }
}
