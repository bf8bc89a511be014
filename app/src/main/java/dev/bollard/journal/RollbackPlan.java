package dev.bollard.journal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What undoing one run on one host means, worked out from its journal entry alone: the paths to
 * put back (each from its state before the run's first change of it to its state after the
 * last), and what cannot be undone, with the reason.
 */
public final class RollbackPlan {
    /** Modules whose whole effect is the files they write: nothing else of theirs is left undone. */
    private static final Set<String> FILE_ONLY = Set.of("copy", "template", "lineinfile", "blockinfile", "replace", "json_merge", "file",
            "ansible.builtin.copy", "ansible.builtin.template", "ansible.builtin.lineinfile", "ansible.builtin.blockinfile",
            "ansible.builtin.replace", "ansible.builtin.file", "rollback");

    /**
     * One path to put back to {@code back}, provided it still is {@code left} (as the run left it).
     *
     * @param action {@link #WRITE} (content and attributes), {@link #ATTRIBUTES}, {@link #REMOVE} (the run created it),
     *               {@link #DIRECTORY} (the run removed an empty directory)
     */
    public record Restore(String path, String action, PathState left, PathState back, String task) {
        public static final String WRITE = "write";
        public static final String ATTRIBUTES = "attributes";
        public static final String REMOVE = "remove";
        public static final String DIRECTORY = "directory";

        /** How deep the path is: parents are made before their children and removed after them. */
        int depth() {
            return path.replaceAll("/+$", "").split("/+").length;
        }
    }

    /** Something of the run that is not undone, and why. */
    public record Left(String what, String why) {
    }

    private final List<Restore> restores;
    private final List<Left> left;

    private RollbackPlan(List<Restore> restores, List<Left> left) {
        this.restores = List.copyOf(restores);
        this.left = List.copyOf(left);
    }

    public List<Restore> restores() {
        return restores;
    }

    public List<Left> left() {
        return left;
    }

    public static RollbackPlan of(JournalEntry run) {
        Map<String, FileRecord[]> paths = new LinkedHashMap<>();
        Map<String, String> taskOf = new LinkedHashMap<>();
        List<Left> left = new ArrayList<>();
        for (TaskRecord t : run.tasks()) {
            boolean changedSomething = t.changed() || !t.files().isEmpty();
            if (!changedSomething) continue;
            if (t.hidden()) {
                left.add(new Left(t.title(), "the task has no_log: the journal kept nothing of what it did"));
                continue;
            }
            if (t.delegatedTo() != null) {
                left.add(new Left(t.title(), "it ran on " + t.delegatedTo() + " (delegate_to), not on this host"));
                continue;
            }
            for (FileRecord f : t.files()) {
                paths.computeIfAbsent(f.path(), k -> new FileRecord[] {f, f})[1] = f;
                taskOf.putIfAbsent(f.path(), t.title());
            }
            if (t.files().isEmpty()) {
                left.add(new Left(t.title() + ": " + (t.summary() == null ? "changed" : t.summary()), notUndone(t.module())));
            } else if (!FILE_ONLY.contains(t.module())) {
                left.add(new Left(t.title() + ": " + (t.summary() == null ? "changed" : t.summary()),
                        "only the files it wrote are put back; what else " + t.module() + " did is not undone"));
            }
        }
        List<Restore> restores = new ArrayList<>();
        for (Map.Entry<String, FileRecord[]> e : paths.entrySet()) {
            PathState before = e.getValue()[0].before();
            PathState after = e.getValue()[1].after();
            String task = taskOf.get(e.getKey());
            String why = unrestorable(before, after);
            if (why != null) {
                left.add(new Left(e.getKey() + " (" + task + ")", why));
                continue;
            }
            if (before.absent() && after.absent()) continue;
            boolean sameContent = before.sha256() != null && before.sha256().equals(after.sha256()) && after.isFile();
            String action = before.absent() ? Restore.REMOVE
                    : PathState.DIRECTORY.equals(before.state()) && after.absent() ? Restore.DIRECTORY
                    : before.kept() && !sameContent ? Restore.WRITE : Restore.ATTRIBUTES;
            restores.add(new Restore(e.getKey(), action, after, before, task));
        }
        return new RollbackPlan(restores, left);
    }

    /** Why a path cannot be put back from what the journal kept, or null when it can. */
    private static String unrestorable(PathState before, PathState after) {
        if (before == null) return "its state before the run was not read, so it is not known";
        if (after == null) return "what the run left there is not known, so a later change could not be told apart";
        if (before.absent()) {
            return after.absent() || after.isFile() || PathState.DIRECTORY.equals(after.state()) || PathState.LINK.equals(after.state())
                    ? null : "the run created a " + after.state() + ", which is not removed";
        }
        if (PathState.DIRECTORY.equals(before.state())) {
            if (PathState.DIRECTORY.equals(after.state())) return null;
            if (after.absent() && Long.valueOf(0).equals(before.size())) return null;
            return after.absent() ? "a directory removed with what it held is not restored" : "a directory replaced by a " + after.state() + " is not restored";
        }
        if (!before.isFile()) return "a " + before.state() + " is not restored, only files and directories";
        if (before.kept()) return null;
        boolean sameContent = before.sha256() != null && before.sha256().equals(after.sha256());
        if (sameContent && after.isFile()) return null;
        return "its earlier content was not kept (" + (before.notKept() == null ? "not read" : before.notKept()) + ")";
    }

    private static String notUndone(String module) {
        String m = module == null ? "" : module.replaceFirst("^ansible\\.builtin\\.", "");
        return switch (m) {
            case "apt", "package" -> "packages are not removed or changed back";
            case "user", "group", "subid", "linger" -> "accounts are not removed or changed back";
            case "service", "systemd", "systemd_service" -> "services are not stopped, started or changed back";
            case "lvg", "lvol", "filesystem", "mount" -> "storage (volumes, filesystems, mounts) is not undone";
            case "command", "shell" -> "commands are not undone";
            case "capabilities", "sysctl", "modprobe" -> "kernel and file capability settings are not changed back";
            default -> (m.isEmpty() ? "this task's" : m + "'s") + " changes are not undone";
        };
    }
}
