package dev.hotscope.bpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A program the verifier rejects: the exception carries its log. */
class VerifierFailureTest {
    @BeforeEach
    void bpf() {
        BpfAssumptions.assumeBpf();
    }

    @Test
    void rejectionCarriesTheVerifierLog() throws Exception {
        int fds = TestNative.openFds();
        try (BpfObject bad = BpfObject.openResource(TestPrograms.BAD)) {
            assertThat(bad.programNames()).containsExactly("unchecked_lookup");
            assertThatThrownBy(bad::load)
                .isInstanceOf(BpfLoadException.class)
                .hasMessageContaining("unchecked_lookup")
                .hasMessageContaining("EACCES (13)")
                .hasMessageContaining("verifier log")
                .hasMessageContaining("invalid mem access 'map_value_or_null'")
                .satisfies(e -> {
                    BpfLoadException load = (BpfLoadException) e;
                    assertThat(load.program()).isEqualTo("unchecked_lookup");
                    assertThat(load.errno()).isEqualTo(13);
                    assertThat(load.errnoName()).isEqualTo("EACCES");
                    assertThat(load.verifierLog()).contains("processed").contains("map_value_or_null");
                    assertThat(load.getMessage().lines().count()).isLessThanOrEqualTo(41);
                });
            assertThatThrownBy(bad::load).isInstanceOf(IllegalStateException.class).hasMessageContaining("failed to load");
            assertThatThrownBy(() -> bad.map("slot")).isInstanceOf(IllegalStateException.class);
        }
        assertThat(TestNative.openFds()).isEqualTo(fds);
    }

    @Test
    void garbageIsNotAnObject() {
        assertThatThrownBy(() -> BpfObject.open("junk", new byte[] {1, 2, 3, 4}))
            .isInstanceOf(BpfException.class)
            .hasMessageContaining("junk");
        assertThatThrownBy(() -> BpfObject.openResource("no/such/object.bpf.o"))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
