package dev.bollard.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The step every file-writing module uses: content goes to a temporary file beside the target,
 * takes the target's owner and mode (or the ones asked for), is validated when a validator is
 * given, optionally backs the old file up, and only then is renamed over the target. The target
 * is never half-written; a failed validation leaves it as it was.
 *
 * @param validate a command with {@code %s} standing for the temporary file, or null
 */
public record WriteFile(String path, byte[] content, String mode, String owner, String group,
                        String validate, boolean backup) implements PathStep {

    @Override
    public boolean predictable() {
        return true;
    }

    @Override
    public byte[] written() {
        return content;
    }

    @Override
    public String describe() {
        List<String> extra = new ArrayList<>();
        if (mode != null) extra.add("mode " + mode);
        if (owner != null) extra.add("owner " + owner);
        if (group != null) extra.add("group " + group);
        if (validate != null) extra.add("validated");
        if (backup) extra.add("backup");
        return "write " + path + " (" + content.length + " bytes" + (extra.isEmpty() ? "" : ", " + String.join(", ", extra)) + ")";
    }

    @Override
    public Map<String, Object> apply(TaskContext ctx) throws ModuleFailure, ConnectionException {
        String p = Shell.quote(path);
        StringBuilder s = new StringBuilder();
        s.append("set -e; umask 077; d=$(dirname -- ").append(p).append("); ");
        s.append("[ -d \"$d\" ] || { echo \"directory $d does not exist\" >&2; exit 4; }; ");
        s.append("t=$(mktemp \"$d/.bollard.XXXXXXXX\"); trap 'rm -f \"$t\"' EXIT HUP INT TERM; cat > \"$t\"; ");
        // the input ends early when the connection drops mid-transfer: a short file must never replace the target
        s.append("[ \"$(stat -c %s \"$t\")\" = ").append(content.length)
                .append(" ] || { echo 'only part of the content arrived (connection lost?)' >&2; exit 5; }; ");
        s.append("if [ -e ").append(p).append(" ]; then chmod --reference=").append(p).append(" \"$t\"; ")
                .append("chown --reference=").append(p).append(" \"$t\" 2>/dev/null || true; else chmod 0644 \"$t\"; fi; ");
        if (mode != null) s.append("chmod ").append(Shell.quote(mode)).append(" \"$t\"; ");
        if (owner != null) s.append("chown ").append(Shell.quote(owner)).append(" \"$t\"; ");
        if (group != null) s.append("chgrp ").append(Shell.quote(group)).append(" \"$t\"; ");
        if (validate != null) {
            String cmd = validate.contains("%s") ? validate.replace("%s", "\"$t\"") : validate + " \"$t\"";
            s.append("if ! out=$(").append(cmd).append(" 2>&1); then echo \"validation failed: $out\" >&2; exit 3; fi; ");
        }
        if (backup) {
            s.append("if [ -f ").append(p).append(" ]; then cp -p -- ").append(p).append(" ")
                    .append(p).append(".$(date +%Y%m%d%H%M%S).bak; fi; ");
        }
        s.append("mv -f -- \"$t\" ").append(p).append("; trap - EXIT");
        ExecResult r = ctx.run(s.toString(), content);
        ctx.state().forget(path);
        if (!r.ok()) {
            String why = r.firstErrorLine();
            if (why.contains("No space left on device") || why.contains("Disk quota exceeded")) {
                // the temporary file is removed on the way out, so the old file and the free space are as they were
                why = "the filesystem of " + parent(path) + " has no room for its " + content.length + " bytes (" + why + "); "
                        + path + " left as it was";
            }
            throw new ModuleFailure((r.rc() == 3 ? "" : "cannot write " + path + ": ") + why
                    + (r.rc() == 3 ? " (" + path + " left as it was)" : ""));
        }
        return Map.of();
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    @Override
    public void predict(HostState state) {
        // a rewrite keeps the file's own mode and owner unless the task sets them
        Optional<RemoteFile> old = state.known(path);
        state.predictFile(RemoteFile.predicted(path, content,
                mode != null ? mode : old.map(RemoteFile::mode).orElse("0644"),
                owner != null ? owner : old.map(RemoteFile::owner).orElse(null),
                group != null ? group : old.map(RemoteFile::group).orElse(null)));
    }
}
