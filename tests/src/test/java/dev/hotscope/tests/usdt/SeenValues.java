package dev.hotscope.tests.usdt;

import static org.assertj.core.api.Assertions.entry;

import dev.hotscope.tests.support.BpftraceMaps;
import dev.hotscope.tests.target.LongText;
import java.nio.charset.StandardCharsets;
import org.assertj.core.api.SoftAssertions;

/** What bpftrace must have seen of the {@code values} scenario, every value written out. */
final class SeenValues {
    private SeenValues() {}

    /** Asserts every map {@link ValuesTrace} fills holds exactly the expected values, each seen once. */
    static void assertExactlyTheFiredValues(BpftraceMaps maps) {
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(maps.keyed("@request")).as("request__start(42, \"GET /\")")
            .containsExactly(entry("42, GET /", "1"));

        String ints = "-5, 44, 25536, 4464, -2147483648, 4000000000";
        soft.assertThat(maps.keyed("@ints")).as("ints(INT8 -5, UINT8 300, INT16 -40000, UINT16 70000, INT32 min, UINT32 4e9)")
            .containsExactly(entry(ints, "1"));
        soft.assertThat(maps.keyed("@ints_registers")).as("ints, whole registers: narrowed like a C cast")
            .containsExactly(entry(ints, "1"));

        String wide = "-9223372036854775808, 9223372036854775807, 1, 0";
        soft.assertThat(maps.keyed("@wide")).as("wide(INT64 min, INT64 max, _, BOOLEAN 7, BOOLEAN 0)")
            .containsExactly(entry(wide, "1"));
        soft.assertThat(maps.keyed("@wide_registers")).as("wide, whole registers")
            .containsExactly(entry(wide, "1"));
        soft.assertThat(maps.scalar("@wide_uint64")).as("wide: UINT64 -1").contains("18446744073709551615");
        soft.assertThat(maps.scalar("@wide_uint64_register")).as("wide: UINT64 -1, whole register")
            .contains("18446744073709551615");

        soft.assertThat(maps.keyed("@text")).as("text(\"h\u00e9llo \u2713\") as UTF-8")
            .containsExactly(entry("h\u00e9llo \u2713", "1"));
        soft.assertThat(maps.keyed("@nul_text")).as("nul_text(\"abc\\0def\") ends at the NUL")
            .containsExactly(entry("abc", "1"));

        byte[] ascii = maps.joinedPieces("@long_ascii");
        soft.assertThat(ascii).as("2000 ASCII chars cut to 1023 bytes").hasSize(1023);
        soft.assertThat(new String(ascii, StandardCharsets.UTF_8)).as("2000 ASCII chars: the first 1023")
            .isEqualTo(LongText.ascii(2000).substring(0, 1023));

        byte[] twoByte = maps.joinedPieces("@long_two_byte");
        soft.assertThat(twoByte).as("1000 two-byte chars cut before the char that would pass 1023 bytes")
            .hasSize(1022);
        soft.assertThat(new String(twoByte, StandardCharsets.UTF_8)).as("1000 two-byte chars: the first 511")
            .isEqualTo(LongText.twoByteChars(511));
        try {
            soft.assertAll();
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + maps, e);
        }
    }
}
