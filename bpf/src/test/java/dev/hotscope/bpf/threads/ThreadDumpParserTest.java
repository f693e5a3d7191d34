package dev.hotscope.bpf.threads;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hotscope.bpf.threads.ThreadDumpParser.Header;
import org.junit.jupiter.api.Test;

class ThreadDumpParserTest {
    @Test
    void jdk17HeaderHasHexNid() {
        assertThat(ThreadDumpParser.parseLine("\"sleeper\" #12 prio=5 os_prio=0 cpu=0.17ms elapsed=10.28s "
            + "tid=0x00007fe5743f6d90 nid=0x336e waiting on condition  [0x00007fe541cfc000]"))
            .isEqualTo(new Header("sleeper", 12, 0x336e, false));
    }

    @Test
    void jdk17DaemonHeader() {
        assertThat(ThreadDumpParser.parseLine("\"Reference Handler\" #2 daemon prio=10 os_prio=0 cpu=0.67ms "
            + "elapsed=12.05s tid=0x00007fe5740f6c80 nid=0x3316 waiting on condition  [0x00007fe550985000]"))
            .isEqualTo(new Header("Reference Handler", 2, 0x3316, true));
    }

    @Test
    void jdk21HeaderHasBracketedTidAndDecimalNid() {
        assertThat(ThreadDumpParser.parseLine("\"daemon-x\" #23 [13169] daemon prio=5 os_prio=0 cpu=0.13ms "
            + "elapsed=10.47s tid=0x00007f36e4377ca0 nid=13169 waiting on condition  [0x00007f36e8513000]"))
            .isEqualTo(new Header("daemon-x", 23, 13169, true));
    }

    @Test
    void jdk19HeaderHasDecimalNidWithoutBrackets() {
        assertThat(ThreadDumpParser.parseLine("\"main\" #1 prio=5 os_prio=0 cpu=40.1ms elapsed=1.2s "
            + "tid=0x00007f0000001000 nid=4242 runnable  [0x00007f0000002000]"))
            .isEqualTo(new Header("main", 1, 4242, false));
    }

    @Test
    void internalThreadsHaveNoJavaId() {
        assertThat(ThreadDumpParser.parseLine("\"GC Thread#0\" os_prio=0 cpu=7.21ms elapsed=12.08s "
            + "tid=0x00007fe5740417d0 nid=0x3307 runnable  "))
            .isEqualTo(new Header("GC Thread#0", -1, 0x3307, false));
        assertThat(ThreadDumpParser.parseLine("\"VM Thread\" os_prio=0 cpu=1.96ms elapsed=12.46s "
            + "tid=0x00007f36e40a8ac0 nid=13076 runnable  "))
            .isEqualTo(new Header("VM Thread", -1, 13076, false));
    }

    @Test
    void jdk8HeaderWithoutCpuAndElapsed() {
        assertThat(ThreadDumpParser.parseLine("\"main\" #1 prio=5 os_prio=0 tid=0x00007f48e400a800 nid=0x2f3e "
            + "waiting on condition [0x00007f48ed3fe000]"))
            .isEqualTo(new Header("main", 1, 0x2f3e, false));
    }

    @Test
    void namesMayContainQuotesSpacesAndHashes() {
        assertThat(ThreadDumpParser.parseLine("\"pool \"a\" #7 daemon\" #31 prio=5 os_prio=0 cpu=1ms "
            + "elapsed=1s tid=0x1 nid=0x10 runnable"))
            .isEqualTo(new Header("pool \"a\" #7 daemon", 31, 16, false));
    }

    @Test
    void parsesAWholeDumpIgnoringOtherLines() {
        String dump = "2025-01-01 10:00:00\nFull thread dump OpenJDK 64-Bit Server VM (17.0.15+6 mixed mode):\n\n"
            + "Threads class SMR info:\n_java_thread_list=0x00007fe4e4001ab0, length=14, elements={\n"
            + "0x00007fe574018090, 0x00007fe5740f6c80\n}\n\n"
            + "\"main\" #1 prio=5 os_prio=0 cpu=4131.13ms elapsed=12.08s tid=0x00007fe574018090 nid=0x3305 runnable\n"
            + "   java.lang.Thread.State: RUNNABLE\n\tat Hot.main(Hot.java:9)\n\n"
            + "\"G1 Conc#0\" os_prio=0 cpu=0.03ms elapsed=12.08s tid=0x00007fe57404f970 nid=0x330b runnable\n\n"
            + "JNI global refs: 15, weak refs: 0\n";

        assertThat(ThreadDumpParser.parse(dump)).containsExactly(
            new Header("main", 1, 0x3305, false), new Header("G1 Conc#0", -1, 0x330b, false));
    }

    @Test
    void rejectsLinesThatAreNoHeaders() {
        assertThat(ThreadDumpParser.parseLine("\"just a quote")).isNull();
        assertThat(ThreadDumpParser.parseLine("\"x\" #1 prio=5 os_prio=0 tid=0x1 nid=0xzz runnable")).isNull();
    }
}
