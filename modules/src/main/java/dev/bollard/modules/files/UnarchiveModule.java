package dev.bollard.modules.files;

import dev.bollard.spi.ArgSpec;
import dev.bollard.spi.Args;
import dev.bollard.spi.ArgsException;
import dev.bollard.spi.ConnectionException;
import dev.bollard.spi.Diff;
import dev.bollard.spi.ExecResult;
import dev.bollard.spi.Module;
import dev.bollard.spi.ModuleDoc;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.Param;
import dev.bollard.spi.Plan;
import dev.bollard.spi.Predicted;
import dev.bollard.spi.Prediction;
import dev.bollard.spi.Probe;
import dev.bollard.spi.RemoteFile;
import dev.bollard.spi.Shell;
import dev.bollard.spi.Step;
import dev.bollard.spi.TaskContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * {@code unarchive}: a tar (plain, gzip, bzip2, xz) or zip archive unpacked into a directory,
 * from the control machine (uploaded as the extraction reads it) or already on the host. It
 * unpacks again only when {@code creates} is missing or, without creates, when a regular file of
 * the archive is missing in dest or differs in size or modification time (zip: in size).
 */
public final class UnarchiveModule implements Module<UnarchiveModule.UnarchiveArgs> {
    private static final ArgSpec SPEC = ArgSpec.of(Attrs.with(List.of(
                    Param.mode("mode", "the permissions every unpacked file and directory gets, as octal digits; left as the archive has them if not given"),
                    Param.str("owner", "the user owning every unpacked file and directory; as the archive has it (as root) if not given"),
                    Param.str("group", "the group owning every unpacked file and directory; as the archive has it (as root) if not given")),
            Param.path("src", "the archive: a file on the control machine, found as copy finds its src (remote_src: false), "
                    + "or a path on the host (remote_src: true)").mandatory(),
            Param.path("dest", "the directory to unpack into; it must exist").mandatory(),
            Param.bool("remote_src", false, "src is already on the host; false: it is on the control machine and is sent over"),
            Param.path("creates", "a path that, if it exists on the host, means the archive is unpacked already: nothing is compared or done"),
            Param.list("extra_opts", "more options for tar or unzip, given to the listing and the extraction alike (e.g. --strip-components=1)"),
            Param.list("include", "only these members of the archive (names as the archive lists them) are compared and unpacked"),
            Param.list("exclude", "members of the archive (names or shell patterns) neither compared nor unpacked")))
            .mutuallyExclusive("include", "exclude");

    private static final ModuleDoc DOC = new ModuleDoc(
            "An archive unpacked into an existing directory: tar, plain or compressed with gzip, bzip2 or xz (the host needs the "
                    + "compressor), or zip (the host needs unzip; without it the task fails saying so). src is on the control machine "
                    + "unless remote_src: true. How it decides, as Ansible approximates it: with creates, the archive is unpacked only "
                    + "if that path is missing; without, its listing (tar -tv, unzip -l) is compared with dest, and it is unpacked again "
                    + "if a regular file is missing or differs in size or (tar only) modification time, a directory is missing, or a path "
                    + "has another mode, owner or group than asked. Content of files of the same size and time is not compared.",
            "the same comparison as plan: every regular file of the archive is in dest with its size and time, mode, owner and group as asked "
                    + "(or creates exists)",
            "creates, when given, as a path that exists, so a later command with the same creates plans as it would after the unpacking",
            """
            - name: A directory for the example
              file:
                path: /tmp/bollard-example-src/app
                state: directory
            - name: An archive made on the host, once
              shell: echo 'hello' > /tmp/bollard-example-src/app/README && tar -czf /tmp/bollard-example.tar.gz -C /tmp/bollard-example-src app
              args:
                creates: /tmp/bollard-example.tar.gz
            - name: Where it goes
              file:
                path: /tmp/bollard-example-dest
                state: directory
            - name: Unpacked there, again only if a file differs
              unarchive:
                src: /tmp/bollard-example.tar.gz
                dest: /tmp/bollard-example-dest
                remote_src: true
            """);

    public record UnarchiveArgs(String src, String dest, boolean remoteSrc, String creates, List<String> extraOpts,
                                List<String> include, List<String> exclude, Attrs attrs) {
    }

    enum Kind { TAR, GZIP, BZIP2, XZ, ZIP }

    /** One member of the archive: a regular file (with size and, for tar, time), a directory, or something else. */
    record Member(String name, char type, long size, Long mtime) {
    }

    @Override
    public String name() {
        return "unarchive";
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
    public UnarchiveArgs parse(Args args) throws ArgsException {
        return new UnarchiveArgs(args.string("src"), args.string("dest"), args.bool("remote_src", false), args.optString("creates").orElse(null),
                args.stringList("extra_opts"), args.stringList("include"), args.stringList("exclude"), Attrs.read(args));
    }

    @Override
    public List<Probe> probes(UnarchiveArgs a) {
        List<Probe> p = new ArrayList<>();
        if (a.creates() != null) p.add(Probe.stat(a.creates()));
        p.add(Probe.stat(a.dest()));
        if (a.remoteSrc()) {
            p.add(Probe.stat(a.src()));
            p.add(Probe.query(magicRead(a)));
        }
        return p;
    }

    /** The archive's first bytes, which tell its kind. */
    private static String magicRead(UnarchiveArgs a) {
        return "od -An -tx1 -N6 -- " + Shell.quote(a.src());
    }

    @Override
    public Plan plan(UnarchiveArgs a, TaskContext ctx) throws ModuleFailure, ConnectionException {
        if (a.creates() != null) {
            Predicted<String> predicted = ctx.state().predicted(Prediction.path(a.creates()));
            if (predicted.known() ? predicted.isPresent() : ctx.stat(a.creates()).isPresent()) return Plan.noOp(a.creates() + " exists");
        }
        Optional<RemoteFile> dest = ctx.stat(a.dest());
        if (dest.isEmpty() || !dest.get().isDirectory()) {
            throw new ModuleFailure("dest " + a.dest() + " on " + ctx.hostName() + (dest.isEmpty() ? " does not exist" : " is not a directory")
                    + "; unarchive needs an existing directory");
        }
        byte[] local = null;
        Kind kind;
        String where;
        if (a.remoteSrc()) {
            Optional<RemoteFile> src = ctx.stat(a.src());
            if (src.isEmpty() || !src.get().isFile()) throw new ModuleFailure("src " + a.src() + " is not a file on " + ctx.hostName());
            ExecResult magic = ctx.query(magicRead(a));
            if (!magic.ok()) throw new ModuleFailure("cannot read " + a.src() + " on " + ctx.hostName() + ": " + magic.firstErrorLine());
            kind = kind(magic.stdout().replaceAll("\\s", ""), a.src());
            where = a.src();
        } else {
            Path p = ctx.local().resolve(a.src());
            try {
                local = Files.readAllBytes(p);
            } catch (IOException e) {
                throw new ModuleFailure("cannot read " + p + ": " + e.getMessage());
            }
            kind = kind(java.util.HexFormat.of().formatHex(local, 0, Math.min(6, local.length)), a.src());
            where = p.toString();
        }
        if (kind == Kind.ZIP && !ctx.query("command -v unzip").ok()) {
            throw new ModuleFailure("unzip is not installed on " + ctx.hostName() + ", and " + a.src() + " is a zip archive (Debian: apt unzip)");
        }
        List<Member> members = members(a, ctx, kind, local);
        String differs = compare(a, ctx, kind, members);
        if (differs == null) {
            return Plan.noOp(a.src() + " is unpacked in " + a.dest() + " (" + members.size() + " members as in the archive)");
        }
        List<Diff> diffs = List.of(new Diff(a.dest(), differs + "\n", "unpacked from " + a.src() + " (" + members.size() + " members)\n"));
        return new Plan.Change("unpack " + a.src() + " into " + a.dest() + ": " + differs, diffs,
                List.of(new Unpack(a, kind, local, members, where)));
    }

    static Kind kind(String hex, String name) {
        if (hex.startsWith("1f8b")) return Kind.GZIP;
        if (hex.startsWith("425a68")) return Kind.BZIP2;
        if (hex.startsWith("fd377a585a00")) return Kind.XZ;
        if (hex.startsWith("504b0304") || hex.startsWith("504b0506")) return Kind.ZIP;
        return Kind.TAR;
    }

    private static String tarFlag(Kind k) {
        return switch (k) {
            case GZIP -> "z";
            case BZIP2 -> "j";
            case XZ -> "J";
            default -> "";
        };
    }

    private static String words(List<String> w) {
        StringBuilder s = new StringBuilder();
        for (String x : w) s.append(' ').append(Shell.quote(x));
        return s.toString();
    }

    /** tar's own options for include/exclude and extra_opts, then the members. */
    private static String tarSelection(UnarchiveArgs a) {
        StringBuilder s = new StringBuilder(words(a.extraOpts()));
        for (String e : a.exclude()) s.append(" --exclude=").append(Shell.quote(e));
        if (!a.include().isEmpty()) s.append(" --").append(words(a.include()));
        return s.toString();
    }

    private static String unzipSelection(UnarchiveArgs a) {
        return words(a.include()) + (a.exclude().isEmpty() ? "" : " -x" + words(a.exclude()));
    }

    private static List<Member> members(UnarchiveArgs a, TaskContext ctx, Kind kind, byte[] local) throws ModuleFailure, ConnectionException {
        if (kind == Kind.ZIP && local != null) return zipMembers(a, local);
        if (kind == Kind.ZIP) {
            ExecResult r = ctx.query("unzip -l" + words(a.extraOpts()) + " -- " + Shell.quote(a.src()) + unzipSelection(a));
            if (!r.ok()) throw new ModuleFailure("cannot list " + a.src() + " on " + ctx.hostName() + ": " + r.firstErrorLine());
            return parseUnzipList(r.stdout());
        }
        String list = "TZ=UTC tar --full-time -tv" + tarFlag(kind) + "f " + (local == null ? Shell.quote(a.src()) : "-") + tarSelection(a);
        ExecResult r = local == null ? ctx.query(list) : ctx.run(list, local);
        if (!r.ok()) throw new ModuleFailure("cannot list " + a.src() + " on " + ctx.hostName() + ": " + r.firstErrorLine());
        return parseTarList(r.stdout());
    }

    private static final Pattern TAR_LINE = Pattern.compile("^(\\S)\\S*\\s+\\S+\\s+(\\d+)\\s+(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d(?::\\d\\d)?)\\s(.*)$");

    /** GNU tar's {@code --full-time -tv} listing, times in UTC. */
    static List<Member> parseTarList(String out) {
        List<Member> members = new ArrayList<>();
        for (String line : out.split("\n")) {
            Matcher m = TAR_LINE.matcher(line);
            if (!m.matches()) continue;
            char type = m.group(1).charAt(0);
            String name = m.group(4);
            if (type == 'l' || type == 'h') {
                int arrow = name.indexOf(type == 'l' ? " -> " : " link to ");
                if (arrow > 0) name = name.substring(0, arrow);
            }
            Long mtime = null;
            String t = m.group(3);
            try {
                mtime = LocalDateTime.parse(t.length() == 16 ? t + ":00" : t, DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"))
                        .toEpochSecond(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                // leave the time out of the comparison
            }
            members.add(new Member(stripSlash(name), type, Long.parseLong(m.group(2)), mtime));
        }
        return members;
    }

    private static final Pattern UNZIP_LINE = Pattern.compile("^\\s*(\\d+)\\s+\\S+\\s+\\S+\\s+(.+)$");

    /** {@code unzip -l}: length, date, time, name between the dashed lines; sizes only. */
    static List<Member> parseUnzipList(String out) {
        List<Member> members = new ArrayList<>();
        boolean in = false;
        for (String line : out.split("\n")) {
            if (line.startsWith("---------")) {
                if (in) break;
                in = true;
                continue;
            }
            if (!in) continue;
            Matcher m = UNZIP_LINE.matcher(line);
            if (!m.matches()) continue;
            String name = m.group(2);
            members.add(new Member(stripSlash(name), name.endsWith("/") ? 'd' : '-', Long.parseLong(m.group(1)), null));
        }
        return members;
    }

    private static List<Member> zipMembers(UnarchiveArgs a, byte[] local) throws ModuleFailure {
        List<Member> members = new ArrayList<>();
        try {
            Path tmp = Files.createTempFile("bollard-unarchive", ".zip");
            try {
                Files.write(tmp, local);
                try (ZipFile zip = new ZipFile(tmp.toFile())) {
                    Enumeration<? extends ZipEntry> e = zip.entries();
                    while (e.hasMoreElements()) {
                        ZipEntry z = e.nextElement();
                        String name = z.getName();
                        if (!a.include().isEmpty() && !a.include().contains(name)) continue;
                        if (a.exclude().stream().anyMatch(x -> glob(x, name))) continue;
                        members.add(new Member(stripSlash(name), z.isDirectory() ? 'd' : '-', z.getSize(), null));
                    }
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new ModuleFailure("cannot read zip archive " + a.src() + ": " + e.getMessage());
        }
        return members;
    }

    private static boolean glob(String pattern, String name) {
        return java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + pattern).matches(Path.of(name)) || pattern.equals(name);
    }

    private static String stripSlash(String name) {
        return name.length() > 1 && name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    }

    /** What in dest differs from the listing (the first few), or null when everything matches. */
    private static String compare(UnarchiveArgs a, TaskContext ctx, Kind kind, List<Member> members) throws ModuleFailure, ConnectionException {
        StringBuilder names = new StringBuilder();
        for (Member m : members) names.append(m.name()).append('\n');
        String script = "cd " + Shell.quote(a.dest()) + " && while IFS= read -r f; do "
                + "if [ -L \"$f\" ]; then echo link; elif [ -e \"$f\" ]; then stat -c '%F|%s|%Y|%a|%U|%G' -- \"$f\"; else echo missing; fi; done";
        ExecResult r = ctx.run(script, names.toString());
        if (!r.ok()) throw new ModuleFailure("cannot compare " + a.dest() + " on " + ctx.hostName() + ": " + r.firstErrorLine());
        String[] lines = r.stdout().split("\n", -1);
        List<String> diffs = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            Member m = members.get(i);
            String why = differs(m, i < lines.length ? lines[i] : "missing", kind, a.attrs());
            if (why != null) diffs.add(m.name() + ": " + why);
        }
        if (diffs.isEmpty()) return null;
        return String.join(", ", diffs.subList(0, Math.min(3, diffs.size()))) + (diffs.size() > 3 ? " and " + (diffs.size() - 3) + " more" : "");
    }

    static String differs(Member m, String stat, Kind kind, Attrs attrs) {
        if (stat.equals("missing")) return "missing";
        if (stat.equals("link")) return m.type() == 'l' ? null : "a link in dest";
        String[] f = stat.split("\\|", -1);
        if (f.length < 6) return "unreadable";
        if (m.type() == '-') {
            if (!f[0].startsWith("regular")) return "not a regular file in dest";
            if (Long.parseLong(f[1]) != m.size()) return "size " + f[1] + " instead of " + m.size();
            if (kind != Kind.ZIP && m.mtime() != null && Long.parseLong(f[2]) != m.mtime()) return "modified at another time";
        } else if (m.type() == 'd' && !f[0].equals("directory")) {
            return "not a directory in dest";
        }
        if (m.type() == '-' || m.type() == 'd') {
            String mode = String.format("%04o", Integer.parseInt(f[3], 8));
            if (attrs.mode() != null && !attrs.mode().equals(mode)) return "mode " + mode + " instead of " + attrs.mode();
            if (attrs.owner() != null && !attrs.owner().equals(f[4])) return "owner " + f[4] + " instead of " + attrs.owner();
            if (attrs.group() != null && !attrs.group().equals(f[5])) return "group " + f[5] + " instead of " + attrs.group();
        }
        return null;
    }

    /** The extraction: tar or unzip into dest, reading a local archive from stdin, then mode, owner and group on every member. */
    record Unpack(UnarchiveArgs a, Kind kind, byte[] local, List<Member> members, String where) implements Step {
        @Override
        public String describe() {
            return "unpack " + a.src() + " into " + a.dest();
        }

        @Override
        public Map<String, Object> apply(TaskContext ctx) throws ModuleFailure, ConnectionException {
            String d = Shell.quote(a.dest());
            StringBuilder s = new StringBuilder("set -e; ");
            if (kind == Kind.ZIP) {
                String src = Shell.quote(a.src());
                if (local != null) {
                    s.append("z=$(mktemp); trap 'rm -f \"$z\"' EXIT; cat > \"$z\"; ");
                    src = "\"$z\"";
                }
                s.append("unzip -o -q").append(words(a.extraOpts())).append(' ').append(src).append(unzipSelection(a)).append(" -d ").append(d).append("; ");
            } else {
                s.append("tar -x").append(tarFlag(kind)).append("f ").append(local == null ? Shell.quote(a.src()) : "-")
                        .append(" -C ").append(d).append(tarSelection(a)).append("; ");
            }
            Attrs w = a.attrs();
            if (w.mode() != null || w.owner() != null || w.group() != null) {
                StringBuilder names = new StringBuilder();
                for (Member m : members) if (m.type() == '-' || m.type() == 'd') names.append(Shell.quote(m.name())).append(' ');
                if (names.length() > 0) {
                    s.append("cd ").append(d).append("; for f in ").append(names).append("; do ");
                    if (w.mode() != null) s.append("chmod ").append(Shell.quote(w.mode())).append(" -- \"$f\"; ");
                    if (w.owner() != null) s.append("chown ").append(Shell.quote(w.owner())).append(" -- \"$f\"; ");
                    if (w.group() != null) s.append("chgrp ").append(Shell.quote(w.group())).append(" -- \"$f\"; ");
                    s.append("done; ");
                }
            }
            s.append("true");
            ExecResult r = local == null ? ctx.run(s.toString()) : ctx.run(s.toString(), local);
            ctx.state().forget(a.dest());
            if (!r.ok()) throw new ModuleFailure("cannot unpack " + a.src() + " into " + a.dest() + " on " + ctx.hostName() + ": " + r.firstErrorLine());
            return Map.of();
        }

        @Override
        public void predict(dev.bollard.spi.HostState state) {
            if (a.creates() != null) state.predict(Prediction.path(a.creates()), a.creates());
        }
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
