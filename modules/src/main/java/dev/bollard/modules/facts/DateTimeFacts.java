package dev.bollard.modules.facts;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * date_time, all strings as in Ansible: the host's local time read once with {@code date}, the
 * UTC forms worked out here from the same instant. tz_dst is the zone's summer name (the one of
 * January or July with the larger offset), or its only name.
 */
final class DateTimeFacts implements FactCollector {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

    @Override
    public List<String> names() {
        return List.of("date_time");
    }

    @Override
    public void ask(FactScript script) {
        // now, then noon on January 1st and July 1st of this year for the zone's two names, in one process
        String format = "'+%Y|%m|%A|%w|%W|%d|%H|%M|%S|%s|%N|%Z|%z'";
        script.add("date", "export LC_ALL=C; printf 'now\\njan 1 12:00\\njul 1 12:00\\n' | date -f - " + format + " || date " + format);
    }

    @Override
    public void collect(Sections answers, Map<String, Object> facts) {
        List<String> lines = answers.lines("date");
        if (lines.isEmpty()) return;
        String[] f = lines.get(0).split("\\|", -1);
        if (f.length < 13) return;
        String micro = (f[10].replaceAll("[^0-9]", "") + "000000").substring(0, 6);
        Instant now = Instant.ofEpochSecond(Long.parseLong(f[9].strip()), Long.parseLong(micro) * 1000);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("year", f[0]);
        d.put("month", f[1]);
        d.put("weekday", f[2]);
        d.put("weekday_number", f[3]);
        d.put("weeknumber", f[4]);
        d.put("day", f[5]);
        d.put("hour", f[6]);
        d.put("minute", f[7]);
        d.put("second", f[8]);
        d.put("epoch", f[9]);
        d.put("epoch_int", f[9]);
        d.put("date", f[0] + "-" + f[1] + "-" + f[5]);
        d.put("time", f[6] + ":" + f[7] + ":" + f[8]);
        d.put("iso8601_micro", UTC.format(now) + "." + micro + "Z");
        d.put("iso8601", UTC.format(now) + "Z");
        d.put("iso8601_basic", f[0] + f[1] + f[5] + "T" + f[6] + f[7] + f[8] + micro);
        d.put("iso8601_basic_short", f[0] + f[1] + f[5] + "T" + f[6] + f[7] + f[8]);
        d.put("tz", f[11]);
        d.put("tz_dst", summerName(f[11], zone(lines, 1), zone(lines, 2)));
        d.put("tz_offset", f[12]);
        facts.put("date_time", d);
    }

    /** The {@code NAME|+hhmm} end of one line of the date command's answer, or "" when it is not there. */
    private static String zone(List<String> lines, int index) {
        if (lines.size() <= index) return "";
        String[] f = lines.get(index).split("\\|", -1);
        return f.length < 13 ? "" : f[11] + "|" + f[12];
    }

    /** Of January's and July's {@code NAME|+hhmm}, the name with the larger offset; {@code now} when unknown. */
    static String summerName(String now, String january, String july) {
        String[] a = january.split("\\|");
        String[] b = july.split("\\|");
        if (a.length < 2 || b.length < 2) return now;
        return Integer.parseInt(b[1].replace("+", "")) > Integer.parseInt(a[1].replace("+", "")) ? b[0] : a[0];
    }
}
