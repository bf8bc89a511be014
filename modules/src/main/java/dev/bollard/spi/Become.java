package dev.bollard.spi;

/**
 * Running a command as another user through sudo. The password, when there is one, goes to
 * sudo's standard input and never onto a command line.
 */
public record Become(String user, String password) {

    public Become {
        user = user == null || user.isBlank() ? "root" : user;
    }

    /**
     * The command line that runs {@code script} as {@link #user()}. With {@code sendPassword},
     * {@code -k} makes sudo always read the password line, so it can never reach the command's
     * own standard input; callers send it only after {@code sudo -n} was refused.
     */
    public String wrap(String script, boolean sendPassword) {
        String sudo = sendPassword ? "sudo -k -S -p ''" : "sudo -n";
        return sudo + " -H -u " + Shell.quote(user) + " -- sh -c " + Shell.quote(script);
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

    /** True when stderr shows that sudo itself refused, rather than the command failing. */
    public static boolean sudoRefused(ExecResult r) {
        if (r.rc() == 0) return false;
        String e = r.stderr();
        return e.contains("sudo: a password is required") || e.contains("incorrect password attempt")
                || e.contains("is not in the sudoers file") || e.contains("sudo: a terminal is required")
                || e.contains("is not allowed to execute") || e.contains("sudo: unknown user")
                || e.contains("sudo: no password was provided") || e.contains("Sorry, try again");
    }

    @Override
    public String toString() {
        return "Become[user=" + user + (password == null ? "" : ", password=********") + "]";
    }
}
