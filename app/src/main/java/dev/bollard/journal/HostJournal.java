package dev.bollard.journal;

import dev.bollard.spi.Become;
import dev.bollard.spi.ConnectionException;
import dev.bollard.spi.ExecResult;
import dev.bollard.spi.HostState;
import dev.bollard.spi.ModuleFailure;
import dev.bollard.spi.Shell;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The journal folder on one host: one JSON file per run, named by its run id. Root's journal is
 * {@value #ROOT_DIR} (mode 0700); a run that is not root there (no become) keeps its own under
 * {@code ~/.local/state/bollard/journal}; {@code bollard_journal_dir} names another folder. Each
 * operation is one round trip.
 */
public final class HostJournal {
    public static final String ROOT_DIR = "/var/lib/bollard/journal";
    /** The host variable that names another folder. */
    public static final String DIR_VARIABLE = "bollard_journal_dir";

    /** Whether a login user is root: true, false, or null when not known before connecting. */
    public static Boolean isRoot(String login) {
        return login == null ? null : login.equals("root");
    }

    private final HostState state;
    private final Become become;
    private final String dir;
    private final Boolean root;

    /**
     * {@code become}: how to become root (null: as the login user); {@code dir}: the folder, or null for
     * the default; {@code root}: whether the journal is written as root there (null: not known, the
     * host is asked).
     */
    public HostJournal(HostState state, Become become, String dir, Boolean root) {
        this.state = state;
        this.become = become;
        this.dir = dir == null || dir.isBlank() ? null : dir;
        this.root = become != null ? Boolean.TRUE : root;
    }

    /** Sets {@code d} to the journal folder: root's, the login user's own, or the one named. */
    private String folder() {
        String own = "d=\"${XDG_STATE_HOME:-$HOME/.local/state}/bollard/journal\"; ";
        if (dir != null) return "export LC_ALL=C; d=" + Shell.quote(dir) + "; ";
        if (root != null) return "export LC_ALL=C; " + (root ? "d=" + ROOT_DIR + "; " : own);
        return "export LC_ALL=C; if [ \"$(id -u)\" = 0 ]; then d=" + ROOT_DIR + "; else " + own + "fi; ";
    }

    /** Tells, when the folder read is not root's, that root's exists (runs that became root keep theirs there). */
    private String rootHint() {
        return dir != null ? "" : "; [ \"$(id -u)\" = 0 ] || [ ! -e " + ROOT_DIR + " ] || echo 'ROOT " + ROOT_DIR + "'";
    }

    /**
     * Writes an entry atomically (a temporary file renamed into place), then prunes the oldest
     * beyond {@code keep} and those older than its age limit. Returns the folder written to.
     */
    public String write(JournalEntry entry, byte[] json, Retention keep, Instant now) throws JournalException, ConnectionException {
        return write(entry, json, keep, now, null).dir();
    }

    /** What a write found: the folder, and the newest earlier baseline entry of the playbook asked for (null: none). */
    public record Written(String dir, JournalEntry baseline) {
    }

    /**
     * Writes an entry as {@link #write(JournalEntry, byte[], Retention, Instant)} does and, in the same
     * round trip and before it, reads the newest entry whose baseline key is {@code baselineKey}
     * (null: none is read). A damaged baseline is no baseline.
     */
    public Written write(JournalEntry entry, byte[] json, Retention keep, Instant now, String baselineKey)
            throws JournalException, ConnectionException {
        Writing w = writing(entry, json, keep, now, baselineKey);
        ExecResult r = exec(w.script(), w.stdin());
        if (!r.ok()) throw new JournalException("cannot write the run journal on " + state.name() + ": " + r.firstErrorLine() + becomeHint());
        Listing l = parse(r);
        return new Written(l.dir(), l.entries().isEmpty() ? null : l.entries().get(0));
    }

    /** The command that writes an entry: its script, and the entry's bytes it reads on stdin. */
    public record Writing(String script, byte[] stdin) {
    }

    /**
     * What {@link #write(JournalEntry, byte[], Retention, Instant, String)} sends, for a caller that
     * sends it with other commands (run as the user this journal is written as); it prints
     * {@code DIR <folder>} when the entry is in place.
     */
    public Writing writing(JournalEntry entry, byte[] json, Retention keep, Instant now, String baselineKey) {
        String cutoff = RunId.before(now.minus(Duration.ofDays(keep.maxAgeDays())));
        boolean supersedes = baselineKey != null && JournalEntry.VERIFY.equals(entry.kind());
        String script = "set -e; umask 077; " + folder()
                + "[ -d \"$d\" ] || mkdir -p -m 700 -- \"$d\"; "
                + "[ -O \"$d\" ] || { echo \"the journal folder $d belongs to $(stat -c %U -- \"$d\"), not to $(id -un)\" >&2; exit 5; }; "
                + (baselineKey == null ? "" : baselineRead(baselineKey))
                + "t=\"$d/.entry.$$\"; trap 'rm -f -- \"$t\"' EXIT; cat > \"$t\"; "
                + "mv -f -- \"$t\" \"$d/" + entry.id().fileName() + "\"; trap - EXIT; "
                + (supersedes ? SUPERSEDE : "")
                // pruning starts processes only when there is something to prune: too many entries, or the oldest too old
                + "set -- \"$d\"/[0-9]*Z-*.json; "
                + "if [ $# -gt " + keep.keep() + " ] || { [ \"${1##*/}\" \\< " + cutoff + " ] 2>/dev/null || [ $? -gt 1 ]; }; then "
                + "cd -- \"$d\"; ls -1t | grep -E '" + RunId.FILE_ERE + "' "
                + "| awk -v keep=" + keep.keep() + " -v cut=" + cutoff + " -v self=" + entry.id().fileName() + " '$0 == self { next } { n++ } n >= keep || $0 < cut' "
                + "| xargs -r rm -f --; fi; "
                + "echo \"DIR $d\"";
        return new Writing(script, json);
    }

    /**
     * A verify's entry replaces the previous verify of the same playbook (read back as {@code $b}):
     * only the newest is ever compared with, and nightly verifies must not prune the applies away.
     */
    private static final String SUPERSEDE = "if [ -n \"$b\" ] && grep -q -F '\"kind\":\"verify\"' -- \"$d/$b\"; then rm -f -- \"$d/$b\"; fi; ";

    /**
     * Prints the entry carrying the baseline key written last, before this run's own is written: one
     * grep over the folder's entries, newest first by the time they were written (run ids of the
     * same second do not tell their order; grep -l names files in the order given).
     */
    private static String baselineRead(String key) {
        return "b=$(cd -- \"$d\" && ls -1t | grep -E '" + RunId.FILE_ERE + "' | xargs -r grep -l -F -e "
                + Shell.quote("\"baseline\":\"" + key + "\"") + " -- 2>/dev/null | head -n 1) || b=; "
                + "if [ -n \"$b\" ]; then printf 'FILE %s\\n' \"$b\"; cat -- \"$d/$b\"; echo; fi; ";
    }

    /** What {@link #list} found: the folder read, its newest entries, and entries it could not read. */
    public record Listing(String dir, boolean exists, String rootJournalElsewhere, List<JournalEntry> entries, List<String> problems) {
    }

    /**
     * The newest {@code limit} entries (all when {@code limit} is 0), newest first: in the order they were
     * written (ls -t), as ids of runs started in the same second do not sort in run order.
     */
    public Listing list(int limit) throws JournalException, ConnectionException {
        String script = folder() + "if [ ! -d \"$d\" ]; then echo \"NONE $d\"; else "
                + "[ -r \"$d\" ] && [ -x \"$d\" ] || { echo \"cannot read the journal folder $d as $(id -un)\" >&2; exit 5; }; "
                + "echo \"DIR $d\"; cd -- \"$d\"; for f in $(ls -1t | grep -E '" + RunId.FILE_ERE + "'"
                + (limit > 0 ? " | head -n " + limit : "") + "); do printf 'FILE %s\\n' \"$f\"; cat -- \"$f\"; echo; done; fi" + rootHint();
        return parse(exec(script, new byte[0]));
    }

    /** The entry of one run, if this host's journal has it (no entry when not), and the folder looked in. */
    public Listing find(RunId id) throws JournalException, ConnectionException {
        String script = folder() + "f=\"$d/" + id.fileName() + "\"; if [ -f \"$f\" ]; then echo \"DIR $d\"; printf 'FILE %s\\n' "
                + Shell.quote(id.fileName()) + "; cat -- \"$f\"; echo; else echo \"NONE $d\"; fi" + rootHint();
        Listing l = parse(exec(script, new byte[0]));
        if (!l.problems().isEmpty()) throw new JournalException(l.problems().get(0));
        return l;
    }

    private Listing parse(ExecResult r) throws JournalException {
        if (!r.ok()) throw new JournalException("cannot read the run journal on " + state.name() + ": " + r.firstErrorLine() + becomeHint());
        String dirRead = null;
        boolean exists = false;
        String root = null;
        String file = null;
        List<JournalEntry> entries = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String line : r.stdout().split("\n")) {
            if (line.startsWith("DIR ") || line.startsWith("NONE ")) {
                exists = line.startsWith("DIR ");
                dirRead = line.substring(line.indexOf(' ') + 1);
            } else if (line.startsWith("ROOT ")) {
                root = line.substring(5);
            } else if (line.startsWith("FILE ")) {
                file = line.substring(5);
            } else if (line.startsWith("{")) {
                String where = state.name() + ":" + dirRead + "/" + file;
                try {
                    entries.add(JournalCodec.read(line.getBytes(StandardCharsets.UTF_8), where));
                } catch (JournalException e) {
                    problems.add(e.getMessage());
                }
            }
        }
        return new Listing(dirRead, exists, root, entries, problems);
    }

    private String becomeHint() {
        return become == null && dir == null ? " (root's journal needs become: -b, or ansible_become in the inventory)" : "";
    }

    private ExecResult exec(String script, byte[] stdin) throws JournalException, ConnectionException {
        try {
            return state.execShort(script, stdin, become);
        } catch (ModuleFailure e) {
            throw new JournalException("run journal on " + state.name() + ": " + e.getMessage());
        }
    }
}
