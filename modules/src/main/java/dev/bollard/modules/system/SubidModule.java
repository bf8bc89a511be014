package dev.bollard.modules.system;

import dev.bollard.spi.ArgSpec;
import dev.bollard.spi.Args;
import dev.bollard.spi.ArgsException;
import dev.bollard.spi.ConnectionException;
import dev.bollard.spi.Diff;
import dev.bollard.spi.Module;
import dev.bollard.spi.ModuleDoc;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.Param;
import dev.bollard.spi.Plan;
import dev.bollard.spi.Probe;
import dev.bollard.spi.RemoteFile;
import dev.bollard.spi.Step;
import dev.bollard.spi.TaskContext;
import dev.bollard.spi.WriteFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code subid}: a user's subordinate uid and gid range in /etc/subuid and /etc/subgid, the same
 * range in both. Without {@code start}, an existing big-enough range is kept, else the lowest free
 * one (from 100000, 65536-aligned, overlapping nobody's in either file) is given.
 */
public final class SubidModule implements Module<SubidModule.SubidArgs> {
    static final String SUBUID = "/etc/subuid";
    static final String SUBGID = "/etc/subgid";

    private static final ArgSpec SPEC = ArgSpec.of(
            Param.str("user", "the account the range belongs to").mandatory().aliases("name"),
            Param.integer("start", "the first subordinate id; without it an existing big-enough range is kept, else the "
                    + "lowest free 65536-aligned one from 100000 is given"),
            Param.integer("count", "how many ids").byDefault(65536),
            Param.choice("state", "present: the user has the range in both files; absent: in neither", "present", "absent"));

    private static final ModuleDoc DOC = new ModuleDoc(
            "A user's subordinate uid and gid range in /etc/subuid and /etc/subgid, the same range in both, as rootless "
                    + "containers need; not an Ansible module.",
            "both files hold one line for the user with the same start and a count at least the one asked for, "
                    + "overlapping nobody's range (or no line for state: absent)",
            "the files' new content (as any file write), so a later subid task allocates around this range",
            """
            - name: A user for the example
              user:
                name: subiddemo
            - name: Its subordinate ids
              subid:
                user: subiddemo
                count: 65536
              register: ids
            """);

    public record SubidArgs(String user, Long start, long count, boolean present) {
    }

    @Override
    public String name() {
        return "subid";
    }

    @Override
    public ArgSpec spec() {
        return SPEC;
    }

    @Override
    public ModuleDoc doc() {
        return DOC;
    }

    @Override
    public SubidArgs parse(Args args) throws ArgsException {
        boolean present = args.present("state");
        int count = args.integer("count", 65536);
        if (count < 1) throw args.invalid("count", "'count' must be at least 1");
        return new SubidArgs(args.string("user"), args.optInt("start").map(Integer::longValue).orElse(null), count, present);
    }

    @Override
    public List<Probe> probes(SubidArgs a) {
        return List.of(Probe.read(SUBUID), Probe.read(SUBGID));
    }

    @Override
    public Plan plan(SubidArgs a, TaskContext ctx) throws ModuleFailure, ConnectionException {
        String uids = text(ctx.read(SUBUID));
        String gids = text(ctx.read(SUBGID));
        List<SubIdRanges.Range> all = new ArrayList<>(SubIdRanges.parse(uids));
        all.addAll(SubIdRanges.parse(gids));
        Optional<SubIdRanges.Range> uid = own(uids, a.user());
        Optional<SubIdRanges.Range> gid = own(gids, a.user());
        if (!a.present()) {
            if (uid.isEmpty() && gid.isEmpty()) return Plan.noOp(a.user() + " has no subordinate ranges");
            return change(a, uids, gids, null, "remove the subordinate ranges of " + a.user());
        }
        long start;
        if (a.start() != null) {
            start = a.start();
        } else if (uid.isPresent() && gid.isPresent() && uid.get().equals(gid.get()) && uid.get().count() >= a.count()) {
            start = uid.get().start();
        } else {
            all.removeIf(r -> r.owner().equals(a.user()));
            start = SubIdRanges.free(all, a.count());
        }
        long count = a.start() == null && uid.isPresent() && uid.get().start() == start ? Math.max(uid.get().count(), a.count()) : a.count();
        String line = a.user() + ":" + start + ":" + count;
        Map<String, Object> data = Map.of("start", start, "count", count);
        if (uid.isPresent() && gid.isPresent() && uid.get().start() == start && gid.get().start() == start
                && uid.get().count() == count && gid.get().count() == count) {
            return new Plan.NoOp(a.user() + " has subordinate ids " + start + "-" + (start + count - 1) + " in " + SUBUID + " and " + SUBGID, data);
        }
        for (SubIdRanges.Range r : all) {
            if (!r.owner().equals(a.user()) && r.overlaps(start, count)) {
                throw new ModuleFailure("range " + start + ":" + count + " for " + a.user() + " overlaps " + r.owner() + "'s on " + ctx.hostName());
            }
        }
        Plan.Change c = change(a, uids, gids, line, "give " + a.user() + " subordinate ids " + start + "-" + (start + count - 1));
        return new Plan.Change(c.summary(), c.diffs(), c.steps(), data);
    }

    private static Plan.Change change(SubidArgs a, String uids, String gids, String line, String summary) {
        List<Diff> diffs = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        for (String[] f : new String[][] {{SUBUID, uids}, {SUBGID, gids}}) {
            String after = SubIdRanges.withLine(f[1], a.user(), line);
            if (!after.equals(f[1] == null ? "" : f[1])) {
                diffs.add(new Diff(f[0], f[1], after));
                steps.add(new WriteFile(f[0], after.getBytes(StandardCharsets.UTF_8), f[1] == null ? "0644" : null, null, null, null, false));
            }
        }
        return new Plan.Change(summary, diffs, steps);
    }

    private static Optional<SubIdRanges.Range> own(String text, String user) {
        return SubIdRanges.parse(text).stream().filter(r -> r.owner().equals(user)).findFirst();
    }

    private static String text(Optional<RemoteFile> f) {
        return f.map(RemoteFile::text).orElse(null);
    }
}
