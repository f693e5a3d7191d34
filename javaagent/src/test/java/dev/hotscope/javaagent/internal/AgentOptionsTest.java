package dev.hotscope.javaagent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hotscope.javaagent.internal.profiler.ProfilerMode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AgentOptionsTest {
    @Test
    void noEventOptionMeansEveryFeatureAtItsDefault() {
        AgentOptions o = AgentOptions.parse("file=/tmp/x.jfr");
        assertThat(o.allByDefault()).isTrue();
        assertThat(o.features()).containsOnlyKeys(Feature.values());
        assertThat(o.features().get(Feature.SYSCALL)).isEqualTo(Feature.SYSCALL.defaultThreshold());
        assertThat(o.file()).contains(Path.of("/tmp/x.jfr"));
    }

    @Test
    void nullAndBlankAreAllDefaults() {
        assertThat(AgentOptions.parse(null).features()).hasSize(Feature.values().length);
        assertThat(AgentOptions.parse("  ").interval()).isEqualTo(AgentOptions.DEFAULT_INTERVAL);
    }

    @Test
    void namedFeaturesOnlyWithTheirThresholds() {
        AgentOptions o = AgentOptions.parse("syscall=5ms, lock ,gc,runq=250us,duration=30s,interval=2s");
        assertThat(o.allByDefault()).isFalse();
        assertThat(o.features()).containsOnlyKeys(Feature.SYSCALL, Feature.LOCK, Feature.GC, Feature.RUNQ);
        assertThat(o.features().get(Feature.SYSCALL)).isEqualTo(Duration.ofMillis(5));
        assertThat(o.features().get(Feature.LOCK)).isEqualTo(Feature.LOCK.defaultThreshold());
        assertThat(o.features().get(Feature.RUNQ)).isEqualTo(Duration.ofNanos(250_000));
        assertThat(o.duration()).contains(Duration.ofSeconds(30));
        assertThat(o.interval()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void probesRepeatInOrder() {
        AgentOptions o = AgentOptions.parse("probe=com.acme.A#run,probe=com.acme.db.*#query*,span=5ms");
        assertThat(o.probes()).containsExactly("com.acme.A#run", "com.acme.db.*#query*");
        assertThat(o.span()).isEqualTo(Duration.ofMillis(5));
    }

    @Test
    void profilerIsNotAnEventFeature() {
        AgentOptions alone = AgentOptions.parse("profiler=wall,file=/tmp/x.jfr");
        assertThat(alone.profiler()).contains(ProfilerMode.WALL);
        assertThat(alone.allByDefault()).isTrue();
        assertThat(alone.features()).containsOnlyKeys(Feature.values());

        AgentOptions withFeatures = AgentOptions.parse("lock, profiler=LOCK");
        assertThat(withFeatures.profiler()).contains(ProfilerMode.LOCK);
        assertThat(withFeatures.features()).containsOnlyKeys(Feature.LOCK);
        assertThat(withFeatures.toString()).startsWith("lock=").endsWith(",profiler=lock");

        assertThat(AgentOptions.parse("gc").profiler()).isEmpty();
        assertThat(AgentOptions.parse("profiler=cpu,profiler=alloc").profiler()).contains(ProfilerMode.ALLOC);
    }

    @Test
    void badOptionsNameTheOptionAndWhatIsAccepted() {
        assertThatThrownBy(() -> AgentOptions.parse("syscal=5ms"))
            .hasMessageStartingWith("unknown option 'syscal=5ms': accepted are syscall[=MIN]");
        assertThatThrownBy(() -> AgentOptions.parse("lock=fast"))
            .hasMessageContaining("option 'lock=fast'").hasMessageContaining("ns, us, ms, s, m or h");
        assertThatThrownBy(() -> AgentOptions.parse("gc=5ms")).hasMessage("option 'gc=5ms': gc takes no value");
        assertThatThrownBy(() -> AgentOptions.parse("probe=")).hasMessageContaining("option 'probe=' needs a value");
        assertThatThrownBy(() -> AgentOptions.parse("duration=0s")).hasMessageContaining("must be more than 0");
        assertThatThrownBy(() -> AgentOptions.parse("syscall,,gc")).hasMessageContaining("empty option");
        assertThatThrownBy(() -> AgentOptions.parse("file")).hasMessageContaining("option 'file' needs a value");
        assertThatThrownBy(() -> AgentOptions.parse("profiler=itimer"))
            .hasMessage("option 'profiler=itimer': accepted are cpu, wall, alloc or lock");
        assertThatThrownBy(() -> AgentOptions.parse("profiler"))
            .hasMessage("option 'profiler' needs a value: cpu, wall, alloc or lock");
        assertThatThrownBy(() -> AgentOptions.parse("profiling=cpu"))
            .hasMessageContaining("accepted are").hasMessageContaining("profiler=cpu|wall|alloc|lock");
    }

    @Test
    void messagesAreOneLine() {
        for (String bad : new String[] {"x", "lock=1q", "probe", "interval=-1s", "runq=", ",", "profiler=", "profiler=x"}) {
            assertThatThrownBy(() -> AgentOptions.parse(bad)).satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
    }

    @Test
    void budgetIsRecordsPerSecondPerFeatureOrOff() {
        assertThat(AgentOptions.parse("syscall").budget().perSecond()).isEqualTo(AgentOptions.DEFAULT_BUDGET);
        assertThat(AgentOptions.parse("syscall").toString()).doesNotContain("budget");
        AgentOptions limited = AgentOptions.parse("syscall=0ms,budget=250");
        assertThat(limited.budget().perSecond()).isEqualTo(250);
        assertThat(limited.toString()).endsWith(",budget=250");
        assertThat(AgentOptions.parse("budget=20_000").budget().perSecond()).isEqualTo(20_000);
        AgentOptions off = AgentOptions.parse("lock,budget=OFF");
        assertThat(off.budget().isUnlimited()).isTrue();
        assertThat(off.toString()).endsWith(",budget=off");
        assertThat(AgentOptions.parse("budget=off").allByDefault()).as("budget is not an event feature").isTrue();
    }

    @Test
    void badBudgetsSayWhatIsAccepted() {
        assertThatThrownBy(() -> AgentOptions.parse("budget=0"))
            .hasMessage("option 'budget=0': must be 1 or more records per second; budget=off streams every record");
        assertThatThrownBy(() -> AgentOptions.parse("budget=fast"))
            .hasMessage("option 'budget=fast': accepted are a whole number of records per second per feature"
                + " (e.g. budget=2000) or budget=off");
        assertThatThrownBy(() -> AgentOptions.parse("budget=1.5k")).hasMessageContaining("budget=off");
        assertThatThrownBy(() -> AgentOptions.parse("budget")).hasMessageContaining("option 'budget' needs a value");
        assertThatThrownBy(() -> AgentOptions.parse("budgets=5")).hasMessageContaining("budget=N|off");
    }
}
