package dev.hotscope.javaagent.internal;

import dev.hotscope.bpf.EventBudget;
import dev.hotscope.javaagent.internal.profiler.ProfilerMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The agent's options, async-profiler style: {@code syscall=5ms,lock,probe=com.acme.Foo#bar,file=out.jfr}.
 * Without an event option every feature is on with its default threshold.
 */
public final class AgentOptions {
    /** What every error message lists as accepted. */
    public static final String ACCEPTED = "syscall[=MIN], gc, lock[=MIN], offcpu[=MIN], runq[=MIN],"
        + " probe=CLASS#METHOD (repeatable), span=MIN, profiler=cpu|wall|alloc|lock, file=PATH, duration=DUR,"
        + " interval=DUR, budget=N|off (records per second per feature), separated by commas";
    /** Records per second each BPF feature streams at most by default; see {@link #budget()}. */
    public static final long DEFAULT_BUDGET = 1000;
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    static final Duration DEFAULT_SPAN = Duration.ofMillis(1);

    private final Map<Feature, Duration> features;
    private final List<String> probes;
    private final Path file;
    private final Duration duration;
    private final Duration interval;
    private final Duration span;
    private final ProfilerMode profiler;
    private final boolean allByDefault;
    private final EventBudget budget;

    private AgentOptions(Builder b) {
        this.allByDefault = b.features.isEmpty();
        if (allByDefault) {
            for (Feature f : Feature.values()) {
                b.features.put(f, f.defaultThreshold());
            }
        }
        this.features = Collections.unmodifiableMap(new EnumMap<>(b.features));
        this.probes = List.copyOf(b.probes);
        this.file = b.file;
        this.duration = b.duration;
        this.interval = b.interval;
        this.span = b.span;
        this.profiler = b.profiler;
        this.budget = b.budget;
    }

    /**
     * Parses options.
     *
     * @param text the text after {@code -javaagent:hotscope.jar=}; null or blank means all defaults
     * @return the options; never null
     * @throws IllegalArgumentException one line naming the bad option and what is accepted
     */
    public static AgentOptions parse(String text) {
        Builder b = new Builder();
        if (text == null || text.isBlank()) {
            return new AgentOptions(b);
        }
        for (String item : text.split(",", -1)) {
            b.accept(item.trim());
        }
        return new AgentOptions(b);
    }

    /** The features to run, with their thresholds. */
    public Map<Feature, Duration> features() {
        return features;
    }

    /** Whether the user named no event feature ({@code profiler=} is none), so each runs where the kernel and JVM allow. */
    public boolean allByDefault() {
        return allByDefault;
    }

    /** The {@code probe=} patterns, in order. */
    public List<String> probes() {
        return probes;
    }

    /** Calls of probed methods at least this long become {@code hotscope.MethodSpan} events. */
    public Duration span() {
        return span;
    }

    /** What async-profiler samples into the recording, if {@code profiler=} was given. */
    public Optional<ProfilerMode> profiler() {
        return Optional.ofNullable(profiler);
    }

    /** The recording's path, if {@code file=} was given. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /** How long to trace, if {@code duration=} was given; otherwise until detach or exit. */
    public Optional<Duration> duration() {
        return Optional.ofNullable(duration);
    }

    /** How often histograms (those that changed) and lost-record counts are committed; default 10 s. */
    public Duration interval() {
        return interval;
    }

    /**
     * The most records per second each BPF feature (syscall, lock, offcpu, runq) streams: beyond it
     * the kernel sends none until its next ~134 ms window and counts the rest in its histograms, and
     * the agent reports them as {@code hotscope.LostEvents} "over budget". {@code budget=off} is
     * unlimited.
     */
    public EventBudget budget() {
        return budget;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        features.forEach((f, min) -> s.append(s.length() == 0 ? "" : ",").append(f.option())
            .append(f.takesThreshold() ? "=" + Durations.format(min.toNanos()).replace(" ", "") : ""));
        probes.forEach(p -> s.append(",probe=").append(p));
        if (!probes.isEmpty()) {
            s.append(",span=").append(Durations.format(span.toNanos()).replace(" ", ""));
        }
        if (profiler != null) {
            s.append(",profiler=").append(profiler.option());
        }
        if (budget.perSecond() != DEFAULT_BUDGET) {
            s.append(",budget=").append(budget.isUnlimited() ? "off" : String.valueOf(budget.perSecond()));
        }
        return s.toString();
    }

    private static final class Builder {
        final Map<Feature, Duration> features = new EnumMap<>(Feature.class);
        final List<String> probes = new ArrayList<>();
        Path file;
        Duration duration;
        Duration interval = DEFAULT_INTERVAL;
        Duration span = DEFAULT_SPAN;
        ProfilerMode profiler;
        EventBudget budget = EventBudget.perSecond(DEFAULT_BUDGET);

        void accept(String item) {
            if (item.isEmpty()) {
                throw new IllegalArgumentException("empty option (two commas in a row?): accepted are " + ACCEPTED);
            }
            int eq = item.indexOf('=');
            String key = (eq < 0 ? item : item.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
            String value = eq < 0 ? null : item.substring(eq + 1).trim();
            Feature feature = feature(key);
            if (feature != null) {
                features.put(feature, threshold(feature, item, value));
                return;
            }
            switch (key) {
                case "probe": probes.add(probe(item, value)); break;
                case "file": file = Path.of(required(item, value, "a path for the .jfr recording")); break;
                case "duration": duration = positive(item, value); break;
                case "interval": interval = positive(item, value); break;
                case "span": span = duration(item, value); break;
                case "profiler": profiler = profiler(item, value); break;
                case "budget": budget = budget(item, value); break;
                default:
                    throw new IllegalArgumentException("unknown option '" + item + "': accepted are " + ACCEPTED);
            }
        }

        private static Feature feature(String key) {
            for (Feature f : Feature.values()) {
                if (f.option().equals(key)) {
                    return f;
                }
            }
            return null;
        }

        private static Duration threshold(Feature f, String item, String value) {
            if (value == null) {
                return f.defaultThreshold();
            }
            if (!f.takesThreshold()) {
                throw new IllegalArgumentException("option '" + item + "': " + f.option() + " takes no value");
            }
            return duration(item, value);
        }

        /** Checked now, so a bad pattern stops the agent before anything is attached. */
        private static String probe(String item, String value) {
            String pattern = required(item, value, "CLASS#METHOD, e.g. com.acme.OrderService#placeOrder");
            dev.hotscope.javaagent.internal.methods.MethodPattern.parse(pattern);
            return pattern;
        }

        private static ProfilerMode profiler(String item, String value) {
            String mode = required(item, value, ProfilerMode.ACCEPTED);
            try {
                return ProfilerMode.parse(mode);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("option '" + item + "': accepted are " + ProfilerMode.ACCEPTED);
            }
        }

        private static EventBudget budget(String item, String value) {
            String text = required(item, value, "records per second per feature, e.g. budget=2000, or budget=off");
            if (text.equalsIgnoreCase("off")) {
                return EventBudget.unlimited();
            }
            long n;
            try {
                n = Long.parseLong(text.replace("_", ""));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("option '" + item + "': accepted are a whole number of records per"
                    + " second per feature (e.g. budget=2000) or budget=off");
            }
            if (n < 1) {
                throw new IllegalArgumentException("option '" + item + "': must be 1 or more records per second;"
                    + " budget=off streams every record");
            }
            return EventBudget.perSecond(n);
        }

        private static String required(String item, String value, String accepted) {
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException("option '" + item + "' needs a value: " + accepted);
            }
            return value;
        }

        private static Duration duration(String item, String value) {
            try {
                return Durations.parse(required(item, value, Durations.ACCEPTED));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("option '" + item + "': " + e.getMessage());
            }
        }

        private static Duration positive(String item, String value) {
            Duration d = duration(item, value);
            if (d.isZero()) {
                throw new IllegalArgumentException("option '" + item + "': must be more than 0");
            }
            return d;
        }
    }
}
