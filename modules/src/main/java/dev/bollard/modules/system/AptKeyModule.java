package dev.bollard.modules.system;

import dev.bollard.modules.files.ContentPlanner;
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
import dev.bollard.spi.Probe;
import dev.bollard.spi.RemoteFile;
import dev.bollard.spi.ScriptStep;
import dev.bollard.spi.Shell;
import dev.bollard.spi.TaskContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code apt_key}: an OpenPGP key apt trusts, written as its own keyring file in
 * {@code /etc/apt/trusted.gpg.d} (Debian has no apt-key any more), its id checked without gpg.
 */
public final class AptKeyModule implements Module<AptKeyModule.AptKeyArgs> {
    static final String TRUSTED_DIR = "/etc/apt/trusted.gpg.d";

    private static final ArgSpec SPEC = ArgSpec.of(
            Param.str("id", "the key's id: a short (8) or long (16 hex digits) key id or a fingerprint, 0x allowed; when given, "
                    + "the key must have it (checked without gpg); needed for absent"),
            Param.str("url", "where the key is downloaded from, on the target (curl, else wget, else python3)"),
            Param.str("data", "the key itself, armored"),
            Param.path("file", "a key file already on the target"),
            Param.path("keyring", "the keyring file to write; default /etc/apt/trusted.gpg.d/ID.asc (.gpg for a binary key), "
                    + "ID being id or else the key's long id"),
            Param.bool("validate_certs", true, "false downloads url without checking its TLS certificate"),
            Param.str("keyserver", "not supported: Bollard fetches no keys from key servers (give url, data or file)"),
            Param.choice("state", "present: the keyring file holds exactly this key; absent: the keyring file holding key id "
                    + "is removed", "present", "absent"))
            .mutuallyExclusive("data", "file", "keyserver", "url")
            .requiredIf("state", "absent", "id");

    private static final ModuleDoc DOC = new ModuleDoc(
            "An OpenPGP key apt trusts. apt-key is deprecated and gone from Debian 13, so, unlike Ansible's apt_key, the key is "
                    + "not added to a shared keyring with apt-key: it is written, as given, to a keyring file of its own, by "
                    + "default in /etc/apt/trusted.gpg.d (which apt reads for every source) named after the key's id; "
                    + "repositories that want the key for themselves only give its path to signed-by instead. "
                    + "The key is read from data, from a file on the target, or downloaded on the target from url; its "
                    + "fingerprints are computed by Bollard itself, so neither side needs gpg.",
            "the keyring file holds the same key bytes (present), or no keyring file holding key id is left (absent)",
            "the keyring file is predicted written or removed, so a later task reading it sees the key",
            """
            - name: apt trusts a repository's key
              apt_key:
                id: F93893722E758A87
                data: |
                  -----BEGIN PGP PUBLIC KEY BLOCK-----

                  mDMEaw77fxYJKwYBBAHaRw8BAQdAmqQB+KTD7SJLFB0mz5HSpUWEeEzjbevVzDLn
                  stSqiaa0JUJvbGxhcmQgRXhhbXBsZSA8ZXhhbXBsZUBib2xsYXJkLmRldj6IkAQT
                  FggAOBYhBAesSLxVGhz6VgUoe/k4k3IudYqHBQJrDvt/AhsDBQsJCAcCBhUKCQgL
                  AgQWAgMBAh4BAheAAAoJEPk4k3IudYqHaEIBANG1b0TxbGjHqORcYkEcntExPpax
                  pURe2UPtvJOZodNkAP4zRCeQDeEwxdIiMBgiMsU9RWZfFIckax8U4NsFNheOCQ==
                  =nWfu
                  -----END PGP PUBLIC KEY BLOCK-----
            """);

    public record AptKeyArgs(String id, String url, byte[] data, String file, String keyring, boolean validateCerts,
                             boolean present) {
    }

    @Override
    public String name() {
        return "apt_key";
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
    public AptKeyArgs parse(Args args) throws ArgsException {
        if (args.has("keyserver")) {
            throw args.invalid("keyserver", "'keyserver' is not supported by Bollard's apt_key: it would need gpg and a key server "
                    + "reachable from the host; give the key with url, data or file");
        }
        boolean present = args.present("state");
        String id = args.optString("id").orElse(null);
        if (id != null && !args.unresolved(id) && !OpenPgpKeys.validId(id)) {
            throw args.invalid("id", "'id' must be a key id (8 or 16 hex digits) or a fingerprint (40 hex digits), not '" + id + "'");
        }
        byte[] data = args.optString("data").map(d -> d.getBytes(StandardCharsets.UTF_8)).orElse(null);
        if (data != null && !args.unresolved(args.string("data"))) {
            try {
                List<String> fps = OpenPgpKeys.fingerprints(data);
                if (id != null && !args.unresolved(id) && !OpenPgpKeys.matches(fps, id)) {
                    throw args.invalid("id", "the key in 'data' is " + String.join(", ", fps) + ", not id " + id);
                }
            } catch (IllegalArgumentException e) {
                throw args.invalid("data", "'data' is not an OpenPGP public key: " + e.getMessage());
            }
        }
        String url = args.optString("url").orElse(null);
        if (url != null && !args.unresolved(url) && !url.matches("(?i)(https?|ftp|file)://.+")) {
            throw args.invalid("url", "'url' must be an http, https, ftp or file URL, not '" + url + "'");
        }
        String file = args.optString("file").orElse(null);
        if (present && data == null && url == null && file == null) {
            throw new ArgsException("data", "state: present needs the key: one of data, file, url (module apt_key)");
        }
        String keyring = args.optString("keyring").orElse(null);
        if (keyring != null && !keyring.startsWith("/") && !args.unresolved(keyring)) {
            throw args.invalid("keyring", "'keyring' must be an absolute path, not '" + keyring + "'");
        }
        return new AptKeyArgs(id == null ? null : OpenPgpKeys.normalizeId(id), url, data, file, keyring, args.bool("validate_certs", true), present);
    }

    /** The keyring file for a key: the one asked for, or TRUSTED_DIR/ID.asc|.gpg. */
    static String keyring(AptKeyArgs a, String longId, boolean armored) {
        if (a.keyring() != null) return a.keyring();
        return TRUSTED_DIR + "/" + (a.id() != null ? a.id() : longId) + (armored ? ".asc" : ".gpg");
    }

    @Override
    public List<Probe> probes(AptKeyArgs a) {
        List<Probe> out = new ArrayList<>();
        if (a.keyring() != null) out.add(Probe.read(a.keyring()));
        else if (a.id() != null) {
            out.add(Probe.read(TRUSTED_DIR + "/" + a.id() + ".asc"));
            out.add(Probe.read(TRUSTED_DIR + "/" + a.id() + ".gpg"));
        }
        if (a.file() != null) out.add(Probe.read(a.file()));
        if (a.url() != null) out.add(Probe.query(KeyDownload.script(a.url(), a.validateCerts())));
        return out;
    }

    @Override
    public Plan plan(AptKeyArgs a, TaskContext ctx) throws ModuleFailure, ConnectionException {
        return a.present() ? planPresent(a, ctx) : planAbsent(a, ctx);
    }

    private Plan planPresent(AptKeyArgs a, TaskContext ctx) throws ModuleFailure, ConnectionException {
        byte[] key;
        String from;
        if (a.data() != null) {
            key = a.data();
            from = "data";
        } else if (a.file() != null) {
            Optional<RemoteFile> f = ctx.read(a.file());
            if (f.isEmpty() || !f.get().isFile()) throw new ModuleFailure("key file " + a.file() + " does not exist on " + ctx.hostName());
            key = f.get().content();
            from = a.file();
        } else {
            ExecResult r = ctx.query(KeyDownload.script(a.url(), a.validateCerts()));
            if (!r.ok()) throw new ModuleFailure("cannot download the key from " + a.url() + " on " + ctx.hostName() + ": " + r.firstErrorLine());
            key = r.out();
            from = a.url();
        }
        List<String> fps;
        try {
            fps = OpenPgpKeys.fingerprints(key);
        } catch (IllegalArgumentException e) {
            throw new ModuleFailure("the key from " + from + " is not an OpenPGP public key: " + e.getMessage());
        }
        if (a.id() != null && !OpenPgpKeys.matches(fps, a.id())) {
            throw new ModuleFailure("the key from " + from + " has fingerprint " + String.join(", ", fps) + ", not id " + a.id());
        }
        String path = keyring(a, OpenPgpKeys.longId(fps.get(0)), OpenPgpKeys.armored(key));
        Plan p = ContentPlanner.plan(ctx, path, ctx.read(path), key, ContentPlanner.Write.plain("0644"));
        if (p instanceof Plan.NoOp) return Plan.noOp("key " + fps.get(0) + " is in " + path);
        return p;
    }

    private Plan planAbsent(AptKeyArgs a, TaskContext ctx) throws ModuleFailure, ConnectionException {
        List<String> paths = a.keyring() != null ? List.of(a.keyring())
                : List.of(TRUSTED_DIR + "/" + a.id() + ".asc", TRUSTED_DIR + "/" + a.id() + ".gpg");
        List<String> remove = new ArrayList<>();
        List<Diff> diffs = new ArrayList<>();
        for (String path : paths) {
            Optional<RemoteFile> f = ctx.read(path);
            if (f.isEmpty()) continue;
            if (!f.get().isFile()) throw new ModuleFailure(path + " on " + ctx.hostName() + " is not a regular file");
            List<String> fps;
            try {
                fps = OpenPgpKeys.fingerprints(f.get().content());
            } catch (IllegalArgumentException e) {
                throw new ModuleFailure(path + " on " + ctx.hostName() + " is not an OpenPGP keyring (" + e.getMessage() + "); left as it is");
            }
            if (!OpenPgpKeys.matches(fps, a.id())) continue;
            if (OpenPgpKeys.primaryFingerprints(f.get().content()).size() > 1) {
                throw new ModuleFailure(path + " on " + ctx.hostName() + " holds other keys besides " + a.id()
                        + "; Bollard removes whole keyring files only, so it is left as it is");
            }
            remove.add(path);
            diffs.add(Diff.property(path, "key", fps.get(0), null));
        }
        if (remove.isEmpty()) return Plan.noOp("no keyring file holds key " + a.id() + " (" + String.join(", ", paths) + ")");
        String what = "remove " + String.join(", ", remove);
        StringBuilder script = new StringBuilder("rm -f --");
        for (String p : remove) script.append(' ').append(Shell.quote(p));
        return new Plan.Change(what, diffs, List.of(new ScriptStep(what, script.toString(), s -> {
            for (String p : remove) s.predictAbsent(p);
        })));
    }
}
