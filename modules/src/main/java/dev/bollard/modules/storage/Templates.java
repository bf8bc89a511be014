package dev.bollard.modules.storage;

/**
 * Values that are still templates: before the run (lenient binding) an argument may hold
 * <code>{{ disk }}</code>, which only the run fills in; the checks of its shape wait until then.
 */
final class Templates {
    private Templates() {
    }

    static boolean unresolved(String value) {
        return value != null && (value.contains("{{") || value.contains("{%"));
    }
}
