package dev.bollard.engine;

import dev.bollard.playbook.Task;
import dev.bollard.spi.ModuleRegistry;
import java.util.Set;

/**
 * Which tasks an applying run may send to a host together with their neighbours (see
 * {@link BatchRun}). A task whose result a later task reads ({@code register}), whose outcome is
 * judged on a real result ({@code failed_when}, {@code until}, its own {@code verify} probes), that
 * runs elsewhere or once ({@code delegate_to}, {@code run_once}), waits between items, hides its
 * commands ({@code no_log}: a batch's trace shows them), runs in check mode, or whose module reads
 * facts, fetches, or makes filesystems and volumes, runs on its own as it always did.
 */
final class Batching {
    /** Modules that return facts later tasks use, download or unpack, or take a disk: run one at a time. */
    private static final Set<String> ALONE = Set.of("setup", "package_facts", "service_facts", "getent", "stat", "get_url", "unarchive",
            "lvol", "lvg", "filesystem");

    private Batching() {
    }

    static boolean accepts(Task t, ModuleRegistry registry) {
        if (Actions.NAMES.contains(t.module()) || t.module().equals("include_tasks") || registry.find(t.module()).isEmpty()) return false;
        if (ALONE.contains(registry.find(t.module()).get().name())) return false;
        return t.register() == null && t.retry() == null && t.failedWhen() == null && t.verify().isEmpty() && t.delegateTo() == null
                && t.runOnce() == null && !t.noLog() && !Boolean.TRUE.equals(t.checkMode()) && (t.loop() == null || t.loop().pause() == 0);
    }
}
