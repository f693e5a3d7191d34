package dev.hotscope.usdt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MapsEntryTest {
    @Test
    void parsesAFileMapping() {
        MapsEntry m = MapsEntry.parse(
            "7f3a1c251000-7f3a1cfa4000 r-xp 00251000 fd:01 1234567                    /usr/lib/libjvm.so")
            .orElseThrow();

        assertThat(m.start()).isEqualTo(0x7f3a1c251000L);
        assertThat(m.end()).isEqualTo(0x7f3a1cfa4000L);
        assertThat(m.perms()).isEqualTo("r-xp");
        assertThat(m.offset()).isEqualTo(0x251000);
        assertThat(m.device()).isEqualTo("fd:01");
        assertThat(m.inode()).isEqualTo(1234567);
        assertThat(m.path()).isEqualTo("/usr/lib/libjvm.so");
        assertThat(m.isFileBacked()).isTrue();
        assertThat(m.isWritable()).isFalse();
        assertThat(m.isDeleted()).isFalse();
    }

    @Test
    void keepsSpacesInsideThePathAndSeesDeletion() {
        MapsEntry m = MapsEntry.parse("00400000-00401000 rw-p 00000000 00:2a 99   /tmp/my lib.so (deleted)")
            .orElseThrow();

        assertThat(m.path()).isEqualTo("/tmp/my lib.so (deleted)");
        assertThat(m.isDeleted()).isTrue();
        assertThat(m.isWritable()).isTrue();
        assertThat(m.isPrivate()).isTrue();
    }

    @Test
    void mapFilesNameIsUnpadded() {
        MapsEntry m = MapsEntry.parse("00400000-0041f000 r--p 00000000 fd:01 5 /usr/bin/python3.11").orElseThrow();

        assertThat(m.mapFilesName()).isEqualTo("400000-41f000");
    }

    @Test
    void anonymousAndPseudoMappingsAreNotFileBacked() {
        assertThat(MapsEntry.parse("7ffd1000-7ffd3000 r-xp 00000000 00:00 0                  [vdso]")
            .orElseThrow().isFileBacked()).isFalse();
        assertThat(MapsEntry.parse("7f0000000000-7f0000021000 rw-p 00000000 00:00 0").orElseThrow()
            .isFileBacked()).isFalse();
        assertThat(MapsEntry.parse("7f00-7f10 rw-p 00000000 00:00 0   [anon:java heap]").orElseThrow()
            .isFileBacked()).isFalse();
    }

    @Test
    void rejectsLinesWithoutTheMapsLayout() {
        assertThat(MapsEntry.parse("")).isEmpty();
        assertThat(MapsEntry.parse("hello world")).isEmpty();
        assertThat(MapsEntry.parse("zz-10 r--p 0 00:00 0 /x")).isEmpty();
    }
}
