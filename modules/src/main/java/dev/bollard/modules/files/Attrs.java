package dev.bollard.modules.files;

import dev.bollard.spi.Args;
import dev.bollard.spi.ArgsException;
import dev.bollard.spi.Diff;
import dev.bollard.spi.Param;
import dev.bollard.spi.RemoteFile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The mode, owner and group a task asks for; null means "keep what is there". */
public record Attrs(String mode, String owner, String group) {

    /** mode, owner and group as every file-writing module declares them. */
    public static final List<Param> PARAMS = List.of(
            Param.mode("mode", "the file's permissions, as octal digits (\"0644\"); a new file gets 0644 if not given, an existing one keeps its own"),
            Param.str("owner", "the user owning the file; left as it is if not given"),
            Param.str("group", "the group owning the file; left as it is if not given"));

    /** {@code own} followed by {@code more}, for an {@code ArgSpec.of}. */
    public static Param[] with(List<Param> more, Param... own) {
        List<Param> all = new ArrayList<>(Arrays.asList(own));
        all.addAll(more);
        return all.toArray(Param[]::new);
    }

    public static Attrs read(Args args) throws ArgsException {
        return new Attrs(args.mode("mode").orElse(null), args.optString("owner").orElse(null), args.optString("group").orElse(null));
    }

    /** Property diffs between the file as it is and as asked; empty when it already matches. */
    List<Diff> differences(RemoteFile f) {
        List<Diff> out = new ArrayList<>();
        if (mode != null && !mode.equals(f.mode())) out.add(Diff.property(f.path(), "mode", f.mode(), mode));
        if (owner != null && !owner.equals(f.owner())) out.add(Diff.property(f.path(), "owner", f.owner(), owner));
        if (group != null && !group.equals(f.group())) out.add(Diff.property(f.path(), "group", f.group(), group));
        return out;
    }

    String describe(RemoteFile f) {
        return "mode " + f.mode() + ", owner " + f.owner() + ", group " + f.group();
    }

    /** The asked attributes alone, e.g. "mode 0644, owner root". */
    String describeWanted() {
        List<String> parts = new ArrayList<>();
        if (mode != null) parts.add("mode " + mode);
        if (owner != null) parts.add("owner " + owner);
        if (group != null) parts.add("group " + group);
        return String.join(", ", parts);
    }

    Attrs orDefaults(String defaultMode) {
        return new Attrs(mode != null ? mode : defaultMode, owner, group);
    }
}
