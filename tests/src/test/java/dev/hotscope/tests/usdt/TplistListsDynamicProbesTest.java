package dev.hotscope.tests.usdt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.tests.support.TplistProbes;
import dev.hotscope.tests.support.TplistProbes.Argument;
import dev.hotscope.tests.support.TplistProbes.Listed;
import dev.hotscope.tests.support.TracingAssumptions;
import dev.hotscope.usdt.ArgType;
import dev.hotscope.usdt.Provider;
import dev.hotscope.usdt.Usdt;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * bcc's tplist, pointed at this very JVM, lists the probes of a loaded provider with each
 * argument's width, signedness and register (the x86-64 argument registers in order).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TplistListsDynamicProbesTest {
    @Test
    void tplistListsEveryProbeWithItsArguments() throws InterruptedException {
        TracingAssumptions.requireTool(TplistProbes.COMMAND, "install bcc tools (apt-get install bpfcc-tools)");
        try (Provider provider = Usdt.provider("hstplist")) {
            provider.probe("request__start", ArgType.INT64, ArgType.STRING);
            provider.probe("mixed", ArgType.INT8, ArgType.UINT16, ArgType.INT32, ArgType.UINT64, ArgType.BOOLEAN,
                ArgType.UINT32);
            provider.probe("bare", new ArgType[0]);
            provider.load();

            Map<String, Listed> ours = TplistProbes.of(ProcessHandle.current().pid()).stream()
                .filter(probe -> probe.provider().equals("hstplist"))
                .collect(Collectors.toMap(Listed::name, probe -> probe));

            assertThat(ours).as("tplist-bpfcc -vv -p PID, provider hstplist")
                .containsOnlyKeys("request__start", "mixed", "bare");
            assertThat(ours.values()).allSatisfy(probe -> assertThat(probe.files()).as(probe.name() + " locations")
                .singleElement().asString().endsWith(provider.path().toString()));
            assertThat(ours.get("request__start").arguments()).as("request__start(INT64, STRING)").containsExactly(
                new Argument(8, true, "di"), new Argument(8, false, "si"));
            assertThat(ours.get("mixed").arguments()).as("mixed(INT8, UINT16, INT32, UINT64, BOOLEAN, UINT32)").containsExactly(
                new Argument(1, true, "di"), new Argument(2, false, "si"), new Argument(4, true, "dx"),
                new Argument(8, false, "cx"), new Argument(1, false, "r8"), new Argument(4, false, "r9"));
            assertThat(ours.get("bare").arguments()).as("bare()").isEmpty();
        }
    }
}
