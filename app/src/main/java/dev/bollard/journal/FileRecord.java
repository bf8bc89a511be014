package dev.bollard.journal;

/**
 * One path a task changed: as the task's plan found it ({@code before}, null when the plan did
 * not read it) and as the run left it ({@code after}, its fields null where not known).
 *
 * @param change {@link #CREATED}, {@link #REMOVED}, {@link #CONTENT}, {@link #ATTRIBUTES} or {@link #REPLACED};
 *               {@link #WANTED} for a file the task compared without changing it
 */
public record FileRecord(String path, String change, PathState before, PathState after) {
    public static final String CREATED = "created";
    public static final String REMOVED = "removed";
    public static final String CONTENT = "content";
    public static final String ATTRIBUTES = "attributes";
    /** Something of another kind put in its place (a file replaced by a link). */
    public static final String REPLACED = "replaced";
    /**
     * Not a change: a file the task's plan compared, as it is ({@code before}) and as the playbook
     * wants it ({@code after}, its checksum); the journal keeps only that checksum.
     */
    public static final String WANTED = "wanted";

    public boolean changed() {
        return !WANTED.equals(change);
    }

    /** What a change was, from the states around it and whether the step wrote content. */
    public static String kind(PathState before, PathState after, boolean wroteContent) {
        if (before != null && before.absent() && (after == null || !after.absent())) return CREATED;
        if (after != null && after.absent()) return REMOVED;
        if (before != null && after != null && !before.state().equals(after.state())) return REPLACED;
        return wroteContent ? CONTENT : ATTRIBUTES;
    }
}
