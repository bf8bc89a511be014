package dev.bollard.spi;

/**
 * Before and after of one thing a change touches: a file's content, or a property such as
 * {@code mode} shown as one line. {@code before} is null when the thing does not exist yet,
 * {@code after} is null when it will be removed.
 */
public record Diff(String label, String before, String after) {

    public static Diff property(String path, String property, String before, String after) {
        return new Diff(path + " (" + property + ")", before == null ? null : before + "\n",
                after == null ? null : after + "\n");
    }

    public String unified() {
        return UnifiedDiff.render(label, before, after);
    }
}
