package dev.hotscope.bpf.symbols;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class PerfMapTest {
    @Test
    void readsLinesWithoutHexPrefixAsOlderJdksAndAgentsWriteThem() throws Exception {
        PerfMap map = parse("7fe564940b80 17de0 Interpreter\n"
            + "7fe564f2c2a0 b8 long Hot.work(long)\n");

        assertThat(map.size()).isEqualTo(2);
        assertEntry(map, 0x7fe564f2c2a0L, "long Hot.work(long)");
        assertEntry(map, 0x7fe564f2c2a0L + 0xb7, "long Hot.work(long)");
        assertThat(map.indexOf(0x7fe564f2c2a0L + 0xb8)).isEqualTo(-1);
    }

    @Test
    void readsLinesWithHexPrefixAsJdk17AndLaterWriteThem() throws Exception {
        PerfMap map = parse("0x00007f36d393fd60 0x00000000000194c8 Interpreter\n"
            + "0x00007f36d3f2b600 0x00000000000000d8 long Hot.work(long)\n"
            + "0x00007f36d3ec7980 0x0000000000000180 void java.lang.System.arraycopy(java.lang.Object, int, "
            + "java.lang.Object, int, int)\n");

        assertThat(map.size()).isEqualTo(3);
        assertEntry(map, 0x7f36d3f2b600L + 0x10, "long Hot.work(long)");
        assertEntry(map, 0x7f36d3ec7980L, "void java.lang.System.arraycopy(java.lang.Object, int, java.lang.Object, int, int)");
        int interpreter = map.indexOf(0x7f36d393fd60L + 0x194c7);
        assertThat(map.isInterpreter(interpreter)).isTrue();
        assertThat(map.isInterpreter(map.indexOf(0x7f36d3f2b600L))).isFalse();
    }

    @Test
    void skipsMalformedLinesAndEmptyEntries() throws Exception {
        PerfMap map = parse("garbage\n\n12zz 10 bad start\n1000 0 empty\n1000\n 2000 10 leading space\n"
            + "3000 10 good one\n0x 10 no digits\n");

        assertThat(map.size()).isEqualTo(1);
        assertEntry(map, 0x3005, "good one");
    }

    @Test
    void laterLinesWinWhereEntriesOverlap() throws Exception {
        PerfMap map = parse("1000 100 old method()\n1000 80 new method()\n2000 10 other()\n");

        assertEntry(map, 0x1010, "new method()");
        assertEntry(map, 0x1090, "old method()");
        assertThat(map.indexOf(0xfff)).isEqualTo(-1);
        assertThat(map.indexOf(0x2010)).isEqualTo(-1);
    }

    /** An agent appends: code freed and reused by a larger method is described by the later line. */
    @Test
    void aLaterLargerEntryWinsOverAnEarlierOneItEncloses() throws Exception {
        PerfMap map = parse("1040 20 old small()\n1000 100 new big()\n1200 10 other()\n1048 8 newest tiny()\n");

        assertEntry(map, 0x1044, "new big()");
        assertEntry(map, 0x104a, "newest tiny()");
        assertEntry(map, 0x1058, "new big()");
        assertEntry(map, 0x1000, "new big()");
        assertEntry(map, 0x1205, "other()");
    }

    @Test
    void interpreterIsRecognizedByNameButMethodsNamedLikeItAreNot() {
        assertThat(PerfMap.isInterpreter("Interpreter")).isTrue();
        assertThat(PerfMap.isInterpreter("interpreter")).isTrue();
        assertThat(PerfMap.isInterpreter("boolean java.lang.invoke.LambdaForm.forceInterpretation()")).isFalse();
        assertThat(PerfMap.isInterpreter("I2C/C2I adapters")).isFalse();
    }

    private static PerfMap parse(String text) throws Exception {
        return PerfMap.parse(new BufferedReader(new StringReader(text)));
    }

    private static void assertEntry(PerfMap map, long address, String name) {
        int i = map.indexOf(address);
        assertThat(i).as("entry for 0x%x", address).isNotNegative();
        assertThat(map.name(i)).isEqualTo(name);
    }
}
