package dev.bollard.modules.facts;

import java.util.List;
import java.util.Map;

/**
 * user_id, user_uid, user_gid, user_gecos, user_dir, user_shell with the real and
 * effective ids: the user the facts are read as (the task's become user, as in Ansible), named
 * the way Python's getpass.getuser names it (LOGNAME, USER, LNAME, USERNAME, then the uid).
 */
final class UserFacts implements FactCollector {

    @Override
    public List<String> names() {
        return List.of("user_id", "user_uid", "user_gid", "user_gecos", "user_dir", "user_shell", "real_user_id",
                "effective_user_id", "real_group_id", "effective_group_id");
    }

    @Override
    public void ask(FactScript script) {
        script.add("user", "u=${LOGNAME:-${USER:-${LNAME:-${USERNAME:-}}}}; printf '%s\\n' \"$u\"\n"
                + "{ [ -n \"$u\" ] && getent passwd \"$u\"; } || getent passwd \"$(id -u)\"");
        // Uid: and Gid: lines (real, effective, saved, file system) of a process run as this user
        script.file("self_status", "/proc/self/status");
    }

    @Override
    public void collect(Sections answers, Map<String, Object> facts) {
        List<String> u = answers.lines("user");
        int[] uid = ids(answers.lines("self_status"), "Uid:");
        int[] gid = ids(answers.lines("self_status"), "Gid:");
        if (u.size() < 2 || uid == null || gid == null) return;
        String[] pw = u.get(1).split(":", -1);
        // as getpass.getuser: the login name from the environment, else the name of the uid
        facts.put("user_id", u.get(0).isEmpty() ? pw[0] : u.get(0));
        {
            if (pw.length >= 7) {
                facts.put("user_uid", Integer.parseInt(pw[2]));
                facts.put("user_gid", Integer.parseInt(pw[3]));
                facts.put("user_gecos", pw[4]);
                facts.put("user_dir", pw[5]);
                facts.put("user_shell", pw[6]);
            }
        }
        facts.put("real_user_id", uid[0]);
        facts.put("effective_user_id", uid[1]);
        facts.put("real_group_id", gid[0]);
        // Ansible reports the real group id as the effective one too
        facts.put("effective_group_id", gid[0]);
    }

    /** The real and effective ids of a {@code Uid:} or {@code Gid:} line of /proc/PID/status. */
    static int[] ids(List<String> status, String key) {
        for (String line : status) {
            String[] f = line.split("\\s+");
            if (f.length >= 3 && f[0].equals(key)) return new int[] {Integer.parseInt(f[1]), Integer.parseInt(f[2])};
        }
        return null;
    }
}
