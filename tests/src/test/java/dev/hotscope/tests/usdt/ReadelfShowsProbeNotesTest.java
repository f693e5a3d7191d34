package dev.hotscope.tests.usdt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.tests.support.ReadelfNotes;
import dev.hotscope.tests.support.ReadelfNotes.Note;
import dev.hotscope.tests.support.TracingAssumptions;
import dev.hotscope.usdt.ArgType;
import dev.hotscope.usdt.Probe;
import dev.hotscope.usdt.Provider;
import dev.hotscope.usdt.Usdt;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code readelf -n} on a provider's backing file shows one SystemTap note per probe, matching {@code argSpec()}. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReadelfShowsProbeNotesTest {
    @Test
    void readelfShowsOneNotePerProbeWithProviderNameAndArguments() throws InterruptedException {
        TracingAssumptions.requireTool("readelf", "install binutils (apt-get install binutils)");
        try (Provider provider = Usdt.provider("hsreadelf")) {
            Probe start = provider.probe("request__start", ArgType.INT64, ArgType.STRING);
            provider.probe("all_six", ArgType.UINT8, ArgType.INT16, ArgType.UINT32, ArgType.INT64, ArgType.BOOLEAN,
                ArgType.STRING);
            provider.probe("bare", new ArgType[0]);
            provider.load();

            List<Note> notes = ReadelfNotes.of(provider.path());

            List<Note> expected = provider.probes().stream()
                .map(probe -> new Note("hsreadelf", probe.name(), probe.argSpec()))
                .collect(Collectors.toList());
            assertThat(notes).as("readelf -n " + provider.path()).containsExactlyElementsOf(expected);
            assertThat(start.argSpec()).as("argSpec of request__start(INT64, STRING)").isEqualTo("-8@%rdi 8@%rsi");
        }
    }
}
