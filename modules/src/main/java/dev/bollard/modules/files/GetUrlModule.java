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
import dev.bollard.spi.Prediction;
import dev.bollard.spi.Probe;
import dev.bollard.spi.RemoteFile;
import dev.bollard.spi.Shell;
import dev.bollard.spi.Step;
import dev.bollard.spi.TaskContext;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code get_url}: a file downloaded by the host itself (curl, else wget, else python3) to a
 * temporary file beside dest, checked against {@code checksum}, and renamed over dest.
 */
public final class GetUrlModule implements Module<GetUrlModule.GetUrlArgs> {
    private static final Map<String, Integer> DIGESTS = Map.of("md5", 32, "sha1", 40, "sha224", 56, "sha256", 64, "sha384", 96, "sha512", 128);

    private static final ArgSpec SPEC = ArgSpec.of(Attrs.with(Attrs.PARAMS,
            Param.str("url", "what to download: http, https, ftp or file URL, fetched by the host").mandatory(),
            Param.path("dest", "the file to write; if it is an existing directory, the file in it named as the URL's last path segment").mandatory(),
            Param.str("checksum", "'ALGORITHM:HEX' (md5, sha1, sha224, sha256, sha384, sha512): the download must have it, and a dest that "
                    + "already has it is not downloaded again").byDefault(""),
            Param.bool("force", false, "download even if dest exists, replacing it when the content differs; without checksum and force, "
                    + "an existing dest is kept as it is"),
            Param.integer("timeout", "seconds the download may take (connection and transfer)").byDefault(10),
            Param.dict("headers", "HTTP headers to send, as a mapping of name to value"),
            Param.str("url_username", "the user for HTTP basic authentication").aliases("username"),
            Param.str("url_password", "the password for HTTP basic authentication; never printed, and sent to the download "
                    + "tool through its standard input, not its command line").aliases("password").secret(),
            Param.bool("validate_certs", true, "check the server's TLS certificate; false accepts any")));

    private static final ModuleDoc DOC = new ModuleDoc(
            "A file downloaded by the host itself, with curl, or wget if curl is missing, or python3 if both are (the task fails "
                    + "saying so when none is there), to a temporary file beside dest that is checked against checksum and only then "
                    + "renamed over dest. As Ansible: with checksum, a dest that has it is not downloaded again; without, an existing "
                    + "dest is kept unless force: true, and then the download replaces it only if its content differs (check mode "
                    + "downloads to a temporary file to compare, and removes it). A directory dest gets the URL's last path segment as "
                    + "file name (Ansible may use the server's Content-Disposition instead). A checksum given as a URL is refused.",
            "dest exists with the checksum (when given), mode, owner and group as asked",
            "dest as a path that exists (Prediction.path), its content unknown",
            """
            # The examples run without network: the URL is a file:// URL (curl and python3 read them; wget does not)
            # of a file the first task writes.
            - name: A file to fetch
              copy:
                dest: /tmp/bollard-example-source.txt
                content: "release 1.0\\n"
            - name: Fetched once, then kept while its checksum holds
              get_url:
                url: file:///tmp/bollard-example-source.txt
                dest: /tmp/bollard-example-fetched.txt
                checksum: sha256:7b4871e6b35405054627068a49669e601dc93c5201ec75105d5858b79aecea12
                mode: "0640"
            """);

    public record GetUrlArgs(String url, String dest, String algorithm, String digest, boolean force, int timeout,
                             Map<String, String> headers, String user, String password, boolean validateCerts, Attrs attrs) {
    }

    @Override
    public String name() {
        return "get_url";
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
    public GetUrlArgs parse(Args args) throws ArgsException {
        String url = args.string("url");
        boolean template = args.unresolved(url);
        if (!template) {
            try {
                URI u = new URI(url);
                String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
                if (!List.of("http", "https", "ftp", "file").contains(scheme)) {
                    throw args.invalid("url", "'url' must be an http, https, ftp or file URL, not '" + url + "'");
                }
            } catch (URISyntaxException e) {
                throw args.invalid("url", "'url' is not a valid URL: " + e.getMessage());
            }
        }
        String checksum = args.string("checksum", "").trim();
        String algorithm = null;
        String digest = null;
        if (!checksum.isEmpty() && !args.unresolved(checksum)) {
            int colon = checksum.indexOf(':');
            if (colon < 0) throw args.invalid("checksum", "'checksum' must be ALGORITHM:HEX such as sha256:9f86d0..., not '" + checksum + "'");
            algorithm = checksum.substring(0, colon).toLowerCase(Locale.ROOT);
            digest = checksum.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
            if (!DIGESTS.containsKey(algorithm)) {
                throw args.invalid("checksum", "'checksum' algorithm must be one of md5, sha1, sha224, sha256, sha384, sha512, not '" + algorithm + "'");
            }
            if (digest.contains("://")) {
                throw args.invalid("checksum", "'checksum' from a URL (" + digest + ") is not supported by Bollard: give the digest itself");
            }
            if (!digest.matches("[0-9a-f]{" + DIGESTS.get(algorithm) + "}")) {
                throw args.invalid("checksum", "'checksum' " + algorithm + " digest must be " + DIGESTS.get(algorithm) + " hexadecimal digits");
            }
        }
        int timeout = args.integer("timeout", 10);
        if (timeout <= 0) throw args.invalid("timeout", "'timeout' must be a positive number of seconds, not " + timeout);
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, Object> given = args.map("headers");
        if (given != null) {
            for (Map.Entry<String, Object> h : given.entrySet()) {
                if (!h.getKey().matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) throw args.invalid("headers", "'headers' has an invalid header name '" + h.getKey() + "'");
                String v = String.valueOf(h.getValue());
                if (v.contains("\n") || v.contains("\r")) throw args.invalid("headers", "'headers' value of " + h.getKey() + " contains a line break");
                headers.put(h.getKey(), v);
            }
        }
        String user = args.optString("url_username").orElse(null);
        String password = args.optString("url_password").orElse(null);
        if ((user != null && user.contains("\n")) || (password != null && password.contains("\n"))) {
            throw args.invalid(password != null && password.contains("\n") ? "url_password" : "url_username", "credentials must not contain line breaks");
        }
        if (password != null && user == null) throw args.invalid("url_password", "'url_password' needs url_username");
        return new GetUrlArgs(url, args.string("dest"), algorithm, digest, args.bool("force", false), timeout, headers, user, password,
                args.bool("validate_certs", true), Attrs.read(args));
    }

    @Override
    public List<Probe> probes(GetUrlArgs a) {
        // the checksum the plan compares when dest names the file (when it names a folder, the plan reads the file in it itself)
        return a.digest() == null ? List.of(Probe.stat(a.dest())) : List.of(Probe.stat(a.dest()), Probe.query(digestRead(a.algorithm(), a.dest())));
    }

    private static String digestRead(String algorithm, String path) {
        return algorithm + "sum -- " + Shell.quote(path);
    }

    static String fileName(String url) {
        String path;
        try {
            path = new URI(url).getRawPath();
        } catch (URISyntaxException e) {
            path = url;
        }
        if (path == null) return "";
        String last = path.substring(path.lastIndexOf('/') + 1);
        return URLDecoder.decode(last, StandardCharsets.UTF_8);
    }

    @Override
    public Plan plan(GetUrlArgs a, TaskContext ctx) throws ModuleFailure, ConnectionException {
        String dest = a.dest();
        Optional<RemoteFile> at = ctx.stat(dest);
        if (at.isPresent() && at.get().isDirectory()) {
            String name = fileName(a.url());
            if (name.isEmpty() || name.equals(".") || name.equals("..")) {
                throw new ModuleFailure("dest " + dest + " is a directory and " + a.url() + " names no file; give dest a file name");
            }
            dest = dest.replaceAll("/+$", "") + "/" + name;
            at = ctx.stat(dest);
        }
        if (at.isEmpty() && ctx.state().predicted(Prediction.path(dest)).isPresent()) {
            return Plan.noOp(dest + " is downloaded by an earlier task (check mode)");
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("dest", dest);
        data.put("url", a.url());
        if (at.isPresent()) {
            RemoteFile f = at.get();
            if (!f.isFile()) throw new ModuleFailure(dest + " on " + ctx.hostName() + " is a " + f.type().name().toLowerCase(Locale.ROOT) + ", not a regular file");
            String why;
            if (a.digest() != null) {
                String have = digest(ctx, a.algorithm(), dest);
                why = have.equals(a.digest()) ? null : a.algorithm() + " of " + dest + " is " + have + ", not " + a.digest();
            } else if (a.force()) {
                String have = digest(ctx, "sha256", dest);
                String fresh = probeDownload(a, ctx);
                why = have.equals(fresh) ? null : "the download (sha256 " + fresh + ") differs from " + dest + " (sha256 " + have + ")";
            } else {
                why = null;
            }
            if (why == null) {
                List<Diff> attrDiffs = a.attrs().differences(f);
                String fact = dest + (a.digest() != null ? " has " + a.algorithm() + " " + a.digest() : a.force() ? " has the URL's content" : " exists (force: false keeps it)");
                if (attrDiffs.isEmpty()) return new Plan.NoOp(fact, data);
                return new Plan.Change("set attributes of " + dest, attrDiffs, List.of(new SetAttrs(f, a.attrs())), data);
            }
            return new Plan.Change("download " + a.url() + " to " + dest + ": " + why,
                    List.of(new Diff(dest, why + "\n", "downloaded from " + a.url() + "\n")), List.of(new Download(a, dest)), data);
        }
        return new Plan.Change("download " + a.url() + " to " + dest,
                List.of(new Diff(dest, null, "downloaded from " + a.url() + "\n")), List.of(new Download(a, dest)), data);
    }

    private static String digest(TaskContext ctx, String algorithm, String path) throws ModuleFailure, ConnectionException {
        ExecResult r = ctx.query(digestRead(algorithm, path));
        if (!r.ok()) throw new ModuleFailure("cannot compute the " + algorithm + " of " + path + " on " + ctx.hostName() + ": " + r.firstErrorLine());
        return r.stdout().split("\\s", 2)[0];
    }

    /** Downloads to a temporary file that is removed at once; returns its sha256. */
    private static String probeDownload(GetUrlArgs a, TaskContext ctx) throws ModuleFailure, ConnectionException {
        String script = "set -e; t=$(mktemp); trap 'rm -f \"$t\"' EXIT; " + fetch(a) + " sha256sum < \"$t\"";
        ExecResult r = ctx.run(script, credentials(a));
        if (!r.ok()) throw new ModuleFailure("cannot download " + a.url() + " on " + ctx.hostName() + ": " + r.firstErrorLine());
        return r.stdout().split("\\s", 2)[0];
    }

    /** The credentials as the download script reads them from its standard input: user, password, and curl's config line. */
    static String credentials(GetUrlArgs a) {
        if (a.user() == null) return "\n\n\n";
        String up = a.user() + ":" + (a.password() == null ? "" : a.password());
        return a.user() + "\n" + (a.password() == null ? "" : a.password()) + "\n"
                + "user = \"" + up.replace("\\", "\\\\").replace("\"", "\\\"") + "\"\n";
    }

    private static final String PYTHON = String.join("\n",
            "import sys, os, json, base64, ssl, urllib.request",
            "url, out, timeout, headers, insecure = sys.argv[1], sys.argv[2], float(sys.argv[3]), json.loads(sys.argv[4]), sys.argv[5] == '1'",
            "req = urllib.request.Request(url, headers=headers)",
            "u = os.environ.get('BOLLARD_U', '')",
            "if u: req.add_header('Authorization', 'Basic ' + base64.b64encode((u + ':' + os.environ.get('BOLLARD_P', '')).encode()).decode())",
            "ctx = ssl._create_unverified_context() if insecure else None",
            "try:",
            "    with urllib.request.urlopen(req, timeout=timeout, context=ctx) as r, open(out, 'wb') as f:",
            "        while True:",
            "            b = r.read(65536)",
            "            if not b: break",
            "            f.write(b)",
            "except Exception as e:",
            "    sys.stderr.write('cannot download %s: %s\\n' % (url, e)); sys.exit(1)");

    /** Shell that downloads a.url() into "$t", reading the credentials from stdin; ends with "; ". */
    static String fetch(GetUrlArgs a) {
        String url = Shell.quote(a.url());
        StringBuilder curlHeaders = new StringBuilder();
        StringBuilder wgetHeaders = new StringBuilder();
        for (Map.Entry<String, String> h : a.headers().entrySet()) {
            curlHeaders.append(" -H ").append(Shell.quote(h.getKey() + ": " + h.getValue()));
            wgetHeaders.append(" --header=").append(Shell.quote(h.getKey() + ": " + h.getValue()));
        }
        StringBuilder json = new StringBuilder("{");
        for (Map.Entry<String, String> h : a.headers().entrySet()) {
            if (json.length() > 1) json.append(',');
            json.append(jsonString(h.getKey())).append(':').append(jsonString(h.getValue()));
        }
        json.append('}');
        boolean auth = a.user() != null;
        return "IFS= read -r u || true; IFS= read -r p || true; IFS= read -r c || true; "
                + "if command -v curl >/dev/null 2>&1; then "
                + (auth ? "printf '%s\\n' \"$c\" | " : "") + "curl -fsSL --max-time " + a.timeout() + (a.validateCerts() ? "" : " -k")
                + (auth ? " -K -" : "") + curlHeaders + " -o \"$t\" -- " + url + "; "
                + "elif command -v wget >/dev/null 2>&1; then "
                + (auth ? "r=$(mktemp); printf 'user=%s\\npassword=%s\\n' \"$u\" \"$p\" > \"$r\"; " : "")
                + (auth ? "WGETRC=\"$r\" " : "") + "wget -q -T " + a.timeout() + (a.validateCerts() ? "" : " --no-check-certificate")
                + wgetHeaders + " -O \"$t\" -- " + url + (auth ? " || { rm -f \"$r\"; exit 1; }; rm -f \"$r\"" : "") + "; "
                + "elif command -v python3 >/dev/null 2>&1; then "
                + "BOLLARD_U=\"$u\" BOLLARD_P=\"$p\" python3 -c " + Shell.quote(PYTHON) + " " + url + " \"$t\" " + a.timeout() + " "
                + Shell.quote(json.toString()) + " " + (a.validateCerts() ? "0" : "1") + "; "
                + "else echo 'get_url needs curl, wget or python3 on the host, and none is installed' >&2; exit 5; fi; ";
    }

    private static String jsonString(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') out.append('\\').append(c);
            else if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
            else out.append(c);
        }
        return out.append('"').toString();
    }

    /** The download beside dest, checked, with its attributes, renamed over dest. */
    record Download(GetUrlArgs a, String dest) implements Step {
        @Override
        public String describe() {
            return "download " + a.url() + " to " + dest;
        }

        @Override
        public Map<String, Object> apply(TaskContext ctx) throws ModuleFailure, ConnectionException {
            String p = Shell.quote(dest);
            StringBuilder s = new StringBuilder("set -e; umask 022; d=$(dirname -- ").append(p).append("); ")
                    .append("[ -d \"$d\" ] || { echo \"directory $d does not exist\" >&2; exit 4; }; ")
                    .append("t=$(mktemp \"$d/.bollard-get_url.XXXXXXXX\"); trap 'rm -f \"$t\"' EXIT HUP INT TERM; ")
                    .append(fetch(a));
            if (a.digest() != null) {
                s.append("h=$(").append(a.algorithm()).append("sum < \"$t\" | cut -d' ' -f1); ")
                        .append("[ \"$h\" = ").append(Shell.quote(a.digest())).append(" ] || { echo \"the download's ")
                        .append(a.algorithm()).append(" is $h, not ").append(a.digest()).append("\" >&2; exit 6; }; ");
            }
            s.append("if [ -e ").append(p).append(" ]; then chmod --reference=").append(p).append(" \"$t\"; ")
                    .append("chown --reference=").append(p).append(" \"$t\" 2>/dev/null || true; else chmod 0644 \"$t\"; fi; ");
            if (a.attrs().mode() != null) s.append("chmod ").append(Shell.quote(a.attrs().mode())).append(" \"$t\"; ");
            if (a.attrs().owner() != null) s.append("chown ").append(Shell.quote(a.attrs().owner())).append(" \"$t\"; ");
            if (a.attrs().group() != null) s.append("chgrp ").append(Shell.quote(a.attrs().group())).append(" \"$t\"; ");
            s.append("mv -f -- \"$t\" ").append(p).append("; trap - EXIT");
            ExecResult r = ctx.run(s.toString(), credentials(a));
            ctx.state().forget(dest);
            if (!r.ok()) throw new ModuleFailure("cannot download " + a.url() + " to " + dest + " on " + ctx.hostName() + ": " + r.firstErrorLine());
            return Map.of();
        }

        @Override
        public void predict(dev.bollard.spi.HostState state) {
            state.predict(Prediction.path(dest), dest);
        }
    }

    static List<String> algorithms() {
        return new ArrayList<>(DIGESTS.keySet());
    }
}
