package dev.bollard.modules.files;

import dev.bollard.spi.Args;
import dev.bollard.spi.ArgsException;
import dev.bollard.spi.Diff;
import dev.bollard.spi.RemoteFile;
import java.util.ArrayList;
import java.util.List;

/** The mode, owner and group a task asks for; null means "keep what is there". */
record Attrs(String mode, String owner, String group) {

    static Attrs read(Args args) throws ArgsException {
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

    Attrs orDefaults(String defaultMode) {
        return new Attrs(mode != null ? mode : defaultMode, owner, group);
    }
}
