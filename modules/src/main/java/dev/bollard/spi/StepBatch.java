package dev.bollard.spi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The steps of several planned tasks sent to a host as one script. Each step runs as it would on
 * its own (its own shell, its own time limit, exactly its own bytes of input) and is followed on
 * stdout and stderr by a line with a random marker, its index and its exit code. The script stops
 * at the first step that exits non-zero. A task planned on answers that an earlier step of the
 * batch may have changed carries guards: checks that those answers still hold; when one does not,
 * the script stops before that task's steps and says the task must be planned again. After the
 * steps, whatever happened, come the reads that prove the changes and plan the next tasks.
 */
public final class StepBatch {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final String marker;
    private final List<Group> groups = new ArrayList<>();
    private int steps;

    private record Group(List<String> guards, List<Deferred> steps) {
    }

    /**
     * One recorded command of a step: its script and the bytes it reads on stdin. {@code readsAll}: the
     * command reads every byte of its input, and no more, before it can succeed (a file write); it
     * then needs no process in front of it to hand it exactly its own bytes. {@code wholeFile}: the
     * command writes a whole file and nothing else (a key naming the file and the attributes it gives
     * it), or null; see {@link #madeByLater}. {@code endsByItself}: it runs only commands that end by
     * themselves (a plain file write: no validator), so it goes without the time limit, as reads do,
     * and runs in a subshell of the batch's own shell, its script part of the batch's.
     */
    public record Deferred(String script, byte[] stdin, boolean readsAll, String wholeFile, boolean endsByItself) {
        public Deferred(String script, byte[] stdin) {
            this(script, stdin, false, null, false);
        }

        /** Run as part of the batch's script: no shell, no time limit, no process to cut out its input. */
        boolean inline() {
            return readsAll && endsByItself;
        }
    }

    public StepBatch() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        this.marker = "@bollard-step-" + HexFormat.of().formatHex(b);
    }

    /** Starts the next task's group: its steps run only when every guard (a shell test) succeeds. */
    public void task(List<String> guards) {
        groups.add(new Group(List.copyOf(guards), new ArrayList<>()));
    }

    /** Adds a step to the current task's group. */
    public void step(Deferred d) {
        groups.get(groups.size() - 1).steps().add(d);
        steps++;
    }

    public int steps() {
        return steps;
    }

    /**
     * Whether step {@code index} is not sent because the next step of the same task writes the same
     * whole file with the same attributes (the items of a loop each adding a line to one file): the
     * file goes straight to its last content in one write, and the step's result is that write's.
     * Steps of different tasks are never merged: a later task's guards may read the file between them.
     */
    public boolean madeByLater(int index) {
        return finalWrite(index) != index;
    }

    /** The step whose write makes step {@code index}'s: itself, or the last of the run of the same file's writes it starts. */
    private int finalWrite(int index) {
        int at = 0;
        for (Group g : groups) {
            if (index < at + g.steps().size()) {
                int i = index - at;
                while (i + 1 < g.steps().size() && g.steps().get(i).wholeFile() != null
                        && g.steps().get(i).wholeFile().equals(g.steps().get(i + 1).wholeFile())) {
                    i++;
                }
                return at + i;
            }
            at += g.steps().size();
        }
        throw new IndexOutOfBoundsException(index);
    }

    /** The steps in the order they are sent. */
    List<Deferred> deferred() {
        List<Deferred> out = new ArrayList<>();
        for (Group g : groups) out.addAll(g.steps());
        return out;
    }

    /** A file whose presence stops the batch before its next task (its name is random: nobody else can guess it). */
    String stopFile() {
        return "/tmp/.bollard-stop-" + marker.substring(marker.lastIndexOf('-') + 1);
    }

    public boolean isEmpty() {
        return steps == 0 && groups.stream().allMatch(g -> g.guards().isEmpty());
    }

    /** The script, each step under {@code limit} when the host has coreutils' timeout, followed by {@code tail}. */
    String script(Duration limit, String tail) {
        StringBuilder s = new StringBuilder();
        s.append("S=").append(Shell.quote(stopFile())).append("; ");
        s.append("M='").append(marker).append("'; ok=0; T=$(command -v timeout >/dev/null && echo timeout -k ")
                .append(TimeLimit.KILL_AFTER).append(' ').append(Math.max(1, limit.toSeconds())).append(")\n");
        // each step runs in the background, so that the TERM the script gets when its channel is gone (see
        // TimeLimit) reaches it at once and the step's own process group (timeout makes one) is killed with it;
        // the steps read the script's input through fd 3 (a background job would get /dev/null)
        s.append("exec 3<&0; p=; trap 'if [ -n \"$p\" ]; then kill -TERM -- -$p 2>/dev/null || kill -TERM $p 2>/dev/null; fi; exit 143' TERM INT HUP\n");
        int index = 0;
        for (int g = 0; g < groups.size(); g++) {
            Group group = groups.get(g);
            // stopped (Ctrl-C): said as for a stale task, which the run plans again only if it goes on
            s.append("if [ $ok = 0 ] && [ -e \"$S\" ]; then ok=2; printf '\\n%s stale ").append(g).append("\\n' \"$M\"; fi\n");
            if (!group.guards().isEmpty()) {
                s.append("if [ $ok = 0 ] && ! { ").append(String.join(" && ", group.guards()))
                        .append("; } >/dev/null 2>&1; then ok=1; printf '\\n%s stale ").append(g).append("\\n' \"$M\"; fi\n");
            }
            for (Deferred d : group.steps()) {
                if (madeByLater(index)) {
                    index++;
                    continue;
                }
                // the step's script reaches its shell on its input, ahead of its own bytes: never on a command line
                ScriptOnStdin.Fed fed = ScriptOnStdin.of(d.script());
                s.append("if [ $ok = 0 ]; then ");
                // each process costs the host 1-2 ms: a step that takes no input, or reads exactly its own,
                // reads straight from the script's input, without a head in front of it to cut its bytes out
                if (d.inline()) {
                    // the batch's script reached its shell on its input: the step's, part of it, never on a command line
                    s.append("( ").append(d.script()).append("\n) <&3");
                } else if (d.stdin().length == 0) {
                    s.append("$T sh -c ").append(Shell.quote(ScriptOnStdin.bootWithoutInput(fed))).append(" <&3");
                } else if (d.readsAll()) {
                    s.append("$T sh -c ").append(Shell.quote(fed.line())).append(" <&3");
                } else {
                    s.append("head -c ").append(fed.before(d.stdin()).length).append(" <&3 | ");
                    s.append("$T sh -c ").append(Shell.quote(fed.line()));
                }
                s.append(" & p=$!; wait $p; r=$?; p=; printf '\\n%s ").append(index).append(" %d\\n' \"$M\" $r; printf '\\n%s ").append(index)
                        .append(" %d\\n' \"$M\" $r >&2; [ $r = 0 ] || ok=1; fi\n");
                index++;
            }
        }
        // a step that failed may have left its input unread: nothing after the steps reads it
        s.append("exec 0</dev/null 3<&-; [ -e \"$S\" ] && rm -f \"$S\"\n");
        s.append("printf '\\n%s tail\\n' \"$M\"\n").append(tail);
        return s.toString();
    }

    /** Every step's input, one after the other, in the order the script reads them. */
    byte[] stdin() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        int index = 0;
        for (Group g : groups) {
            for (Deferred d : g.steps()) {
                if (!madeByLater(index++)) all.writeBytes(d.inline() ? d.stdin() : ScriptOnStdin.of(d.script()).before(d.stdin()));
            }
        }
        return all.toByteArray();
    }

    /**
     * What the host answered: the result of each step that ran (the last one may have failed), the
     * task group that was found stale (or -1), and the output of the reads after the steps (null when
     * the script was cut short before them).
     */
    public record Outcome(List<ExecResult> results, int staleGroup, byte[] tail, ConnectionException lost) {
        /** The steps that ran before the connection broke: each one's result as far as stdout tells it. */
        Outcome lost(ConnectionException e) {
            return new Outcome(results, staleGroup, null, e);
        }
    }

    Outcome split(ExecResult r) {
        byte[] out = r.out();
        byte[] tailSep = ("\n" + marker + " tail\n").getBytes(StandardCharsets.US_ASCII);
        int tailAt = Bytes.indexOf(out, tailSep, 0);
        byte[] tail = tailAt < 0 ? null : java.util.Arrays.copyOfRange(out, tailAt + tailSep.length, out.length);
        byte[] head = tailAt < 0 ? out : java.util.Arrays.copyOfRange(out, 0, tailAt);
        java.util.TreeMap<Integer, byte[]> outs = new java.util.TreeMap<>();
        java.util.Map<Integer, Integer> codes = new java.util.HashMap<>();
        int stale = -1;
        byte[] sep = ("\n" + marker + " ").getBytes(StandardCharsets.US_ASCII);
        int start = 0;
        while (true) {
            int at = Bytes.indexOf(head, sep, start);
            int eol = at < 0 ? -1 : Bytes.indexOf(head, new byte[] {'\n'}, at + sep.length);
            if (eol < 0) break;
            String[] f = new String(head, at + sep.length, eol - at - sep.length, StandardCharsets.US_ASCII).split(" ");
            if (f.length == 2 && f[0].equals("stale")) {
                stale = Integer.parseInt(f[1]);
            } else if (f.length == 2 && f[0].matches("\\d+") && f[1].matches("-?\\d+")) {
                outs.put(Integer.parseInt(f[0]), java.util.Arrays.copyOfRange(head, start, at));
                codes.put(Integer.parseInt(f[0]), Integer.parseInt(f[1]));
            }
            start = eol + 1;
        }
        // a flood of output keeps only its end (see OutputTail): the steps whose markers were cut away
        // before the first one left ran and exited 0 (the script stops at the first that does not)
        int n = outs.isEmpty() ? 0 : outs.lastKey() + 1;
        List<String> errs = splitErr(r.stderr(), n);
        List<ExecResult> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // a write merged into a later one has that write's result, when that write ran
            int made = finalWrite(i);
            if (made >= n) break;
            byte[] o = outs.get(made);
            results.add(o == null ? new ExecResult(0, new byte[0], "") : new ExecResult(codes.get(made), o, errs.get(made)));
        }
        return new Outcome(results, stale, tail, null);
    }

    /** Each step's stderr, cut at the same markers. */
    private List<String> splitErr(String err, int n) {
        List<String> out = new ArrayList<>();
        String sep = "\n" + marker + " ";
        int start = 0;
        for (int i = 0; i < n; i++) {
            int at = err.indexOf(sep + i + " ", start);
            if (at < 0) {
                out.add("");
                continue;
            }
            out.add(err.substring(start, at));
            int eol = err.indexOf('\n', at + sep.length());
            start = eol < 0 ? err.length() : eol + 1;
        }
        return out;
    }
}
