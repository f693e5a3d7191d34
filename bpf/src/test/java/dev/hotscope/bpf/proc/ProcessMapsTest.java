package dev.hotscope.bpf.proc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.bpf.proc.ProcessMaps.Mapping;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessMapsTest {
    private static final ProcessMaps MAPS = ProcessMaps.parse(List.of(
        "5572b584e000-5572b584f000 r-xp 00001000 fe:00 327901                     /usr/lib/jvm/bin/java",
        "7fe55d400000-7fe55d670000 rwxp 00000000 00:00 0 ",
        "7fe57a851000-7fe57b5a4000 r-xp 00251000 fe:00 328261                     /usr/lib/jvm/lib/server/libjvm.so",
        "7fe57b600000-7fe57b601000 r-xp 00000000 08:01 4242                       /tmp/my lib (v2).so (deleted)",
        "7fe57bd4d000-7fe57bd4f000 r-xp 00000000 00:00 0                          [vdso]",
        "7ffd1c000000-7ffd1c021000 rw-p 00000000 00:00 0                          [stack]",
        "7fe57b700000-7fe57b701000 r-xp 00000000 00:00 0                          [anon:jit]",
        "not a maps line"));

    @Test
    void parsesFileMappings() {
        Mapping jvm = MAPS.find(0x7fe57a851000L + 0x1234);

        assertThat(jvm.start).isEqualTo(0x7fe57a851000L);
        assertThat(jvm.end).isEqualTo(0x7fe57b5a4000L);
        assertThat(jvm.offset).isEqualTo(0x251000);
        assertThat(jvm.device).isEqualTo("fe:00");
        assertThat(jvm.inode).isEqualTo(328261);
        assertThat(jvm.path).isEqualTo("/usr/lib/jvm/lib/server/libjvm.so");
        assertThat(jvm.module).isEqualTo("libjvm.so");
        assertThat(jvm.executable).isTrue();
        assertThat(jvm.isFile()).isTrue();
        assertThat(jvm.isAnonymousCode()).isFalse();
    }

    @Test
    void pathsMayContainSpacesAndBeDeleted() {
        Mapping m = MAPS.find(0x7fe57b600010L);

        assertThat(m.path).isEqualTo("/tmp/my lib (v2).so");
        assertThat(m.deleted).isTrue();
        assertThat(m.module).isEqualTo("my lib (v2).so");
    }

    @Test
    void anonymousAndPseudoMappings() {
        Mapping codeCache = MAPS.find(0x7fe55d400000L);
        assertThat(codeCache.module).isEqualTo("[anon]");
        assertThat(codeCache.isAnonymousCode()).isTrue();
        assertThat(codeCache.isFile()).isFalse();

        assertThat(MAPS.find(0x7fe57bd4d100L).module).isEqualTo("[vdso]");
        assertThat(MAPS.find(0x7fe57bd4d100L).isAnonymousCode()).isFalse();
        assertThat(MAPS.find(0x7fe57bd4d100L).isVdso()).isTrue();
        assertThat(MAPS.find(0x7ffd1c000010L).module).isEqualTo("[stack]");
        assertThat(MAPS.find(0x7ffd1c000010L).executable).isFalse();
        assertThat(MAPS.find(0x7fe57b700000L).isAnonymousCode()).isTrue();
    }

    @Test
    void findUsesHalfOpenRanges() {
        assertThat(MAPS.find(0x5572b584e000L)).isNotNull();
        assertThat(MAPS.find(0x5572b584efffL)).isNotNull();
        assertThat(MAPS.find(0x5572b584f000L)).isNull();
        assertThat(MAPS.find(0x5572b584dfffL)).isNull();
        assertThat(MAPS.find(0)).isNull();
        assertThat(MAPS.find(-1)).isNull();
        assertThat(MAPS.mappings()).hasSize(7);
    }

    @Test
    void readsTheCurrentProcess() throws Exception {
        ProcessMaps maps = ProcessMaps.read(ProcessHandle.current().pid());

        assertThat(maps.mappings()).anySatisfy(m -> assertThat(m.module).isEqualTo("libjvm.so"));
        assertThat(maps.mappings()).anySatisfy(m -> assertThat(m.module).isEqualTo("[vdso]"));
    }

    /** The unwinder's view: only code, the same mapping objects, still searchable. */
    @Test
    void executableOnlyKeepsTheCodeMappings() {
        ProcessMaps code = MAPS.executableOnly();

        assertThat(code.mappings()).hasSize(6).allSatisfy(m -> assertThat(m.executable).isTrue());
        assertThat(code.find(0x7ffd1c000010L)).isNull();
        assertThat(code.find(0x7fe57a851000L)).isSameAs(MAPS.find(0x7fe57a851000L));
        assertThat(code.find(0x7fe57a851000L)).hasToString("7fe57a851000-7fe57b5a4000 251000 /usr/lib/jvm/lib/server/libjvm.so");
    }

    @Test
    void floorIndexComparesUnsigned() {
        long[] starts = {0x1000, 0x2000, 0xffffffff81000000L};

        assertThat(Addresses.floorIndex(starts, 0xfff)).isEqualTo(-1);
        assertThat(Addresses.floorIndex(starts, 0x1000)).isEqualTo(0);
        assertThat(Addresses.floorIndex(starts, 0x7fffffffffffL)).isEqualTo(1);
        assertThat(Addresses.floorIndex(starts, -1)).isEqualTo(2);
        assertThat(Addresses.floorIndex(new long[0], 5)).isEqualTo(-1);
    }
}
