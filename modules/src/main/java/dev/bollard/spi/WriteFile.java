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

    /** What follows the content on the step's input: its arrival proves every byte before it arrived. */
    static final String END = "bollard-end";

    @Override
    public Map<String, Object> apply(TaskContext ctx) throws ModuleFailure, ConnectionException {
        String p = Shell.quote(path);
        // each process costs the host 1-2 ms and a batch may carry dozens of writes: the folder is known
        // here, the temporary file is made by the shell itself (noclobber opens it O_EXCL, as mktemp
        // does), and a file the shell creates already has its mode when the umask gives it
        String exact = exactMode(mode);
        StringBuilder s = new StringBuilder();
        s.append("set -e; d=").append(Shell.quote(parent(path))).append("; ");
        s.append("[ -d \"$d\" ] || { echo \"directory $d does not exist\" >&2; exit 4; }; ");
        // the content is readable only by its owner until it has its final mode, unless that mode is 0644 anyway
        if (exact != null) s.append("umask ").append(umaskFor(exact)).append("; ");
        else if (mode == null) s.append("if [ -e ").append(p).append(" ]; then umask 077; else umask 022; fi; ");
        else s.append("umask 077; ");
        s.append("t=\"$d/.bollard.$$.").append(Long.toHexString(RANDOM.nextLong() & Long.MAX_VALUE)).append("\"; ");
        s.append("trap 'rm -f \"$t\"' EXIT HUP INT TERM; set -C; head -c ").append(content.length).append(" > \"$t\"; set +C; ");
        // the input ends early when the connection drops mid-transfer: a short file must never replace the target
        s.append("IFS= read -r e || e=; [ \"$e\" = ").append(END)
                .append(" ] || { echo 'only part of the content arrived (connection lost?)' >&2; exit 5; }; ")
                // nothing after reads the input: in a batch it is the next steps' (see TaskContext#runFileWrite)
                .append("exec </dev/null; ");
        // owner before mode: a change of owner clears set-user-id bits
        s.append("if [ -e ").append(p).append(" ]; then { [ -O ").append(p).append(" ] && [ -G ").append(p).append(" ]; } || chown --reference=")
                .append(p).append(" \"$t\" 2>/dev/null || true; ");
        s.append(exact != null || mode != null ? ":" : "chmod --reference=" + p + " \"$t\"").append("; fi; ");
        if (owner != null) s.append("chown ").append(Shell.quote(owner)).append(" \"$t\"; ");
        if (group != null) s.append("chgrp ").append(Shell.quote(group)).append(" \"$t\"; ");
        if (mode != null && exact == null) s.append("chmod ").append(Shell.quote(mode)).append(" \"$t\"; ");
        if (validate != null) {
            String cmd = validate.contains("%s") ? validate.replace("%s", "\"$t\"") : validate + " \"$t\"";
            s.append("if ! out=$(").append(cmd).append(" 2>&1); then echo \"validation failed: $out\" >&2; exit 3; fi; ");
        }
        if (backup) {
            s.append("if [ -f ").append(p).append(" ]; then cp -p -- ").append(p).append(" ")
                    .append(p).append(".$(date +%Y%m%d%H%M%S).bak; fi; ");
        }
        s.append("mv -f -- \"$t\" ").append(p).append("; trap - EXIT");
        // a plain write is all the next write of the same file with the same attributes makes again
        String whole = validate == null && !backup ? String.join("\0", path, String.valueOf(mode), String.valueOf(owner), String.valueOf(group)) : null;
        // coreutils on a local file end by themselves (as reads do): only a validator may hang
        ExecResult r = ctx.runFileWrite(s.toString(), withEnd(content), whole, validate == null);
        ctx.state().forget(path);
        if (!r.ok()) {
            String why = r.firstErrorLine();
            String full = why.contains("No space left on device") ? "No space left on device"
                    : why.contains("Disk quota exceeded") ? "Disk quota exceeded" : null;
            if (full != null) {
                // the temporary file is removed on the way out, so the old file and the free space are as they were
                why = "the filesystem of " + parent(path) + " has no room for its " + content.length + " bytes (" + full + "); "
                        + path + " left as it was";
            }
            throw new ModuleFailure((r.rc() == 3 ? "" : "cannot write " + path + ": ") + why
                    + (r.rc() == 3 ? " (" + path + " left as it was)" : ""));
        }
        return Map.of();
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "." : slash == 0 ? "/" : path.substring(0, slash);
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private static byte[] withEnd(byte[] content) {
        return ScriptOnStdin.concat(content, (END + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** An octal mode a new file can be created with (no execute or special bits), as four digits; else null. */
    static String exactMode(String mode) {
        if (mode == null || !mode.matches("0?[0246]{3}")) return null;
        return mode.length() == 3 ? "0" + mode : mode;
    }

    /** The umask under which the shell creates a file with {@code mode} (0666 masked). */
    static String umaskFor(String mode) {
        return String.format("%04o", 0777 & ~Integer.parseInt(mode, 8));
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
