package dev.bollard.spi;

/**
 * Running a command as another user through sudo. The password, when there is one, goes to
 * sudo's standard input and never onto a command line.
 */
public record Become(String user, String password) {
    /**
     * Printed on stderr by the wrapped shell once sudo let it start: a command that fails
     * without it was refused by sudo, whatever the language sudo speaks on that host.
     */
    static final String STARTED = "bollard: become ok";

    public Become {
        user = user == null || user.isBlank() ? "root" : user;
    }

    /**
     * The command line that runs {@code script} as {@link #user()}, the script itself to be sent
     * on standard input (see {@link ScriptOnStdin}), after the password line when there is one. With
     * {@code sendPassword}, {@code -k} makes sudo always read the password line, so it can never
     * reach the command's own standard input; callers send it only after {@code sudo -n} was refused.
     */
    public ScriptOnStdin.Fed wrap(String script, boolean sendPassword) {
        String sudo = sendPassword ? "sudo -k -S -p ''" : "sudo -n";
        // sudo speaks English (LC_ALL=C), so that its refusals can be told apart; the command
        // gets the login's LC_ALL back, passed as the wrapper's first argument
        String restore = "if [ -n \"$1\" ]; then LC_ALL=$1; export LC_ALL; else unset LC_ALL; fi; shift; ";
        ScriptOnStdin.Fed inner = ScriptOnStdin.of(script);
        return new ScriptOnStdin.Fed("o=${LC_ALL-}; LC_ALL=C " + sudo + " -H -u " + Shell.quote(user) + " -- sh -c "
                + Shell.quote("echo '" + STARTED + "' >&2; " + restore + inner.line()) + " sh \"$o\"", inner.ahead());
    }

    /** Standard input for the wrapped command: the password line first when sudo reads one. */
    public byte[] stdin(byte[] input, boolean sendPassword) {
        if (!sendPassword || password == null) return input;
        byte[] pw = (password + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] all = new byte[pw.length + input.length];
        System.arraycopy(pw, 0, all, 0, pw.length);
        System.arraycopy(input, 0, all, pw.length, input.length);
        return all;
    }

    /** True when sudo itself refused (the wrapped shell never started), rather than the command failing. */
    public static boolean sudoRefused(ExecResult r) {
        return r.rc() != 0 && !r.stderr().contains(STARTED);
    }

    /** The result as the command left it: without the line the wrapper printed. */
    public static ExecResult unwrap(ExecResult r) {
        String e = r.stderr();
        int at = e.indexOf(STARTED + "\n");
        if (at < 0) return r;
        return new ExecResult(r.rc(), r.out(), e.substring(0, at) + e.substring(at + STARTED.length() + 1));
    }

    @Override
    public String toString() {
        return "Become[user=" + user + (password == null ? "" : ", password=********") + "]";
    }
}
