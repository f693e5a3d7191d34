package dev.hotscope.bpf.tracefs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hotscope.bpf.BpfAssumptions;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parsing tracefs format files: a captured one, and the running kernel's. */
class TraceEventsTest {
    private static final List<String> OPENAT = List.of(
        "name: sys_enter_openat",
        "ID: 640",
        "format:",
        "\tfield:unsigned short common_type;\toffset:0;\tsize:2;\tsigned:0;",
        "\tfield:int common_pid;\toffset:4;\tsize:4;\tsigned:1;",
        "",
        "\tfield:int __syscall_nr;\toffset:8;\tsize:4;\tsigned:1;",
        "\tfield:int dfd;\toffset:16;\tsize:8;\tsigned:0;",
        "\tfield:const char * filename;\toffset:24;\tsize:8;\tsigned:0;",
        "\tfield:char comm[16];\toffset:32;\tsize:16;\tsigned:0;",
        "\tfield:__data_loc char[] name;\toffset:48;\tsize:4;\tsigned:0;",
        "",
        "print fmt: \"dfd: 0x%08lx\", ((unsigned long)(REC->dfd))");

    @Test
    void parsesFieldsWithTheirTypes() {
        TraceEventFormat format = TraceEvents.parse("syscalls", "sys_enter_openat", OPENAT);
        assertThat(format.id()).isEqualTo(640);
        assertThat(format.name()).isEqualTo("syscalls:sys_enter_openat");
        assertThat(format.fields()).extracting(TraceEventFormat.Field::name)
            .containsExactly("common_type", "common_pid", "__syscall_nr", "dfd", "filename", "comm", "name");
        TraceEventFormat.Field dfd = format.field("dfd").orElseThrow();
        assertThat(dfd).isEqualTo(new TraceEventFormat.Field("dfd", "int", 16, 8, false));
        assertThat(dfd.valueSize()).as("an int in an 8-byte syscall slot").isEqualTo(4);
        assertThat(dfd.valueSigned()).isTrue();
        TraceEventFormat.Field filename = format.field("filename").orElseThrow();
        assertThat(filename.type()).isEqualTo("const char *");
        assertThat(filename.isNumeric()).isTrue();
        assertThat(filename.valueSize()).isEqualTo(8);
        assertThat(format.field("comm").orElseThrow().type()).isEqualTo("char[16]");
        assertThat(format.field("comm").orElseThrow().isNumeric()).isFalse();
        assertThat(format.field("name").orElseThrow().isNumeric()).isFalse();
        assertThat(format.field("common_pid").orElseThrow().isCommon()).isTrue();
        assertThatThrownBy(() -> TraceEvents.parse("a", "b", List.of("format:"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsTheRunningKernelsSchedSwitch() {
        BpfAssumptions.assumeBpf();
        assertThat(TraceEvents.list()).contains("sched:sched_switch");
        TraceEventFormat format = TraceEvents.format("sched", "sched_switch");
        assertThat(format.id()).isPositive();
        assertThat(format.field("prev_pid").orElseThrow().signed()).isTrue();
        assertThat(format.field("next_comm").orElseThrow().size()).isEqualTo(16);
        assertThat(TraceEvents.exists("sched", "sched_swtich")).isFalse();
        assertThatThrownBy(() -> TraceEvents.format("sched", "no_such_event")).isInstanceOf(UncheckedIOException.class);
        assertThatThrownBy(() -> TraceEvents.format("sched", "../x")).isInstanceOf(IllegalArgumentException.class);
    }
}
