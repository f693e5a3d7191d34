package dev.hotscope.tests.usdt;

import dev.hotscope.tests.support.Bpftrace;
import dev.hotscope.tests.support.BpftraceMaps;
import dev.hotscope.tests.support.ForkedTarget;
import dev.hotscope.tests.support.TracedFiring;
import dev.hotscope.tests.support.UsdtScript;
import java.nio.file.Path;
import java.util.List;

/**
 * Traces the target's {@code values} scenario once with bpftrace. Integers go into count maps keyed
 * by the arguments as bpftrace reads them per the note ({@code argN}) and as whole registers
 * ({@code reg()}), which must agree since the library narrows like a C cast. bpftrace prints 64-bit
 * map keys signed, so the UINT64 argument is also kept as a {@code uint64} map value. Long strings
 * are read in 100-byte pieces (bpftrace 0.17 reads at most 200 bytes at once) to be joined again.
 */
final class ValuesTrace {
    static final String PROVIDER = "hsvalues";
    static final List<String> PROBES =
        List.of("request__start", "ints", "wide", "text", "nul_text", "long_ascii", "long_two_byte");
    /** Pieces of 100 bytes cover offsets 0 to 1099, past the 1023-byte limit and its NUL. */
    static final int PIECES = 11;
    static final int PIECE_BYTES = 100;

    private ValuesTrace() {}

    static String script(Path backingFile) {
        return UsdtScript.on(backingFile, PROVIDER)
            .probe("request__start", "@request[arg0, str(arg1)] = count();")
            .probe("ints", "@ints[arg0, arg1, arg2, arg3, arg4, arg5] = count();"
                + " @ints_registers[reg(\"di\"), reg(\"si\"), reg(\"dx\"), reg(\"cx\"), reg(\"r8\"), reg(\"r9\")] = count();")
            .probe("wide", "@wide[arg0, arg1, arg3, arg4] = count();"
                + " @wide_registers[reg(\"di\"), reg(\"si\"), reg(\"cx\"), reg(\"r8\")] = count();"
                + " @wide_uint64 = (uint64)arg2; @wide_uint64_register = (uint64)reg(\"dx\");")
            .probe("text", "@text[str(arg0)] = count();")
            .probe("nul_text", "@nul_text[str(arg0)] = count();")
            .probe("long_ascii", pieces("@long_ascii"))
            .probe("long_two_byte", pieces("@long_two_byte"))
            .withSyncAndExitOnDone()
            .build();
    }

    /**
     * Attaches bpftrace to the target, fires the scenario once everything is attached, and
     * returns the maps bpftrace printed when {@code done} ended it.
     */
    static BpftraceMaps fireAndTrace(ForkedTarget target) throws InterruptedException {
        try (Bpftrace bpftrace = Bpftrace.attach(target, script(target.backingFile()))) {
            TracedFiring.fireWhenAttached(target, bpftrace, PROBES);
            return bpftrace.awaitExit();
        }
    }

    private static String pieces(String map) {
        StringBuilder action = new StringBuilder();
        for (int i = 0; i < PIECES; i++) {
            action.append(map).append('[').append(i).append("] = str(arg0 + ").append(i * PIECE_BYTES)
                .append(", ").append(PIECE_BYTES).append("); ");
        }
        return action.toString();
    }
}
