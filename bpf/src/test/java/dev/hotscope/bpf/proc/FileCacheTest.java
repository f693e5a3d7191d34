package dev.hotscope.bpf.proc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.bpf.proc.ProcessMaps.Mapping;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Against this JVM's own mappings: libjvm.so is a mapped ELF file, the code cache anonymous memory. */
class FileCacheTest {
    private static final long SELF = ProcessHandle.current().pid();

    private final List<Path> files = new ArrayList<>();
    private final AtomicInteger images = new AtomicInteger();
    private final FileCache<String> cache = new FileCache<>("empty", file -> {
        files.add(file);
        return "file";
    }, image -> images.incrementAndGet() + " image of " + image.length);

    @Test
    void parsesEachFileOnceAndBindsItToTheMapping() throws Exception {
        ProcessMaps maps = ProcessMaps.read(SELF);
        List<Mapping> jvm = maps.mappings().stream().filter(m -> m.module.equals("libjvm.so")).toList();
        Mapping text = jvm.stream().filter(m -> m.executable).findFirst().orElseThrow();

        assertThat(cache.get(SELF, text)).isEqualTo("file");
        assertThat(cache.get(SELF, text)).isEqualTo("file");
        assertThat(ProcessMaps.read(SELF).mappings()).filteredOn(m -> m.start == text.start)
            .allSatisfy(m -> assertThat(cache.get(SELF, m)).isEqualTo("file"));
        assertThat(files).hasSize(1);
        assertThat(files.get(0).toString()).contains("/" + SELF + "/");
    }

    @Test
    void readsTheVdsoFromMemoryAndGivesAnonymousMemoryTheEmptyValue() throws Exception {
        ProcessMaps maps = ProcessMaps.read(SELF);
        Mapping vdso = maps.mappings().stream().filter(Mapping::isVdso).findFirst().orElseThrow();
        Mapping anon = maps.mappings().stream().filter(Mapping::isAnonymousCode).findFirst().orElseThrow();

        assertThat(cache.get(SELF, vdso)).isEqualTo("1 image of " + (vdso.end - vdso.start));
        assertThat(cache.get(SELF, anon)).isEqualTo("empty");
        assertThat(files).isEmpty();
    }

    /** A mapping that two caches serve keeps each cache's value apart. */
    @Test
    void bindingsBelongToTheirCache() throws Exception {
        Mapping vdso = ProcessMaps.read(SELF).mappings().stream().filter(Mapping::isVdso).findFirst().orElseThrow();
        FileCache<Integer> other = new FileCache<>(0, file -> 1, image -> 2);

        assertThat(cache.get(SELF, vdso)).startsWith("1 image");
        assertThat(other.get(SELF, vdso)).isEqualTo(2);
        assertThat(cache.get(SELF, vdso)).startsWith("1 image");
    }

    @Test
    void aFileThatCannotBeReadGetsTheEmptyValue() throws Exception {
        FileCache<String> failing = new FileCache<>("empty", file -> {
            throw new IOException("unreadable");
        }, image -> "image");
        Mapping text = ProcessMaps.read(SELF).mappings().stream()
            .filter(m -> m.module.equals("libjvm.so") && m.executable).findFirst().orElseThrow();

        assertThat(failing.get(SELF, text)).isEqualTo("empty");
    }

    /**
     * A file that cannot be reached through one process (it exited) is not remembered as empty:
     * the next process mapping it gets its value. It used to stay empty for every process.
     */
    @Test
    void aFileUnreachableThroughAnExitedProcessIsReadThroughTheNextOne() throws Exception {
        Process exited = new ProcessBuilder("true").start();
        assertThat(exited.waitFor()).isZero();
        Mapping text = ProcessMaps.read(SELF).mappings().stream()
            .filter(m -> m.module.equals("libjvm.so") && m.executable).findFirst().orElseThrow();
        Mapping vdso = ProcessMaps.read(SELF).mappings().stream().filter(Mapping::isVdso).findFirst().orElseThrow();

        assertThat(cache.get(exited.pid(), text)).isEqualTo("empty");
        assertThat(cache.get(exited.pid(), vdso)).isEqualTo("empty");

        Mapping textAgain = ProcessMaps.read(SELF).find(text.start);
        Mapping vdsoAgain = ProcessMaps.read(SELF).find(vdso.start);
        assertThat(cache.get(SELF, textAgain)).isEqualTo("file");
        assertThat(cache.get(SELF, vdsoAgain)).startsWith("1 image of ");
        assertThat(files).hasSize(1);
    }

    /** Re-reading the maps keeps what was bound to unchanged mappings, so nothing is parsed twice. */
    @Test
    void liveMapsKeepBindingsAcrossRereads() {
        LiveMaps live = LiveMaps.of(SELF, true);
        Mapping text = live.current().mappings().stream().filter(m -> m.module.equals("libjvm.so")).findFirst()
            .orElseThrow();
        cache.get(SELF, text);

        assertThat(live.refresh(false)).isFalse();
        assertThat(live.refresh(true)).isTrue();
        Mapping again = live.current().find(text.start);
        assertThat(again).isNotSameAs(text);
        assertThat(again.binding).isSameAs(text.binding);
        assertThat(live.current().mappings()).allSatisfy(m -> assertThat(m.executable).isTrue());
        assertThat(cache.get(SELF, again)).isEqualTo("file");
        assertThat(files).hasSize(1);
    }
}
