package dev.bollard.spi;

/** The kinds of value a module argument takes, with Ansible's conversions. */
public enum ArgType {
    /** Text; a number or a boolean is taken as the text it was written as. */
    STR("string"),
    /** A path on the host (text). */
    PATH("path"),
    /** true/false, yes/no, on/off, 1/0. */
    BOOL("boolean"),
    /** A whole number, or text holding one. */
    INT("integer"),
    /** A list; a single value is a list of one, and a string is split at commas as Ansible does. */
    LIST("list"),
    /** A mapping. */
    DICT("mapping"),
    /** A file mode: four octal digits ("0644"), three ("644"), or an unquoted 644. */
    MODE("octal mode"),
    /** Any value, kept as written (a JSON document, a list of mappings). */
    RAW("any");

    private final String label;

    ArgType(String label) {
        this.label = label;
    }

    /** How the type reads in errors and in {@code bollard doc}. */
    public String label() {
        return label;
    }
}
