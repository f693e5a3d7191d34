package dev.hotscope.usdt.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.kenai.jffi.MemoryIO;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NativeStringsTest {
    private final NativeStrings strings = NativeStrings.current();

    @Test
    void asciiAndMultiByteTextIsCopiedAsUtf8() {
        assertThat(read(strings.put(0, "GET /"))).isEqualTo("GET /");
        assertThat(read(strings.put(1, "héllo ✓ 𝄞"))).isEqualTo("héllo ✓ 𝄞");
    }

    @Test
    void slotsAreIndependent() {
        long a = strings.put(0, "first");
        long b = strings.put(5, "sixth");
        assertThat(read(a)).isEqualTo("first");
        assertThat(read(b)).isEqualTo("sixth");
    }

    @Test
    void nullIsANullPointer() {
        assertThat(strings.put(0, null)).isZero();
    }

    @Test
    void copyEndsAtTheFirstNul() {
        assertThat(read(strings.put(0, "ab\0cd"))).isEqualTo("ab");
    }

    @Test
    void unpairedSurrogateBecomesQuestionMark() {
        assertThat(read(strings.put(0, "a\uD800b"))).isEqualTo("a?b");
    }

    @Test
    void longTextIsCutAtTheLimitNeverInsideACharacter() {
        String ascii = "x".repeat(NativeStrings.MAX_BYTES + 500);
        assertThat(utf8Length(strings.put(0, ascii))).isEqualTo(NativeStrings.MAX_BYTES);

        // 1022 ASCII bytes, then a two-byte 'é' that would end at byte 1024: it is left out.
        String straddling = "y".repeat(NativeStrings.MAX_BYTES - 1) + "é";
        assertThat(utf8Length(strings.put(0, straddling))).isEqualTo(NativeStrings.MAX_BYTES - 1);
        assertThat(read(strings.put(0, straddling))).doesNotContain("é");
    }

    private static String read(long address) {
        int length = utf8Length(address);
        byte[] bytes = new byte[length];
        view(address).get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static int utf8Length(long address) {
        ByteBuffer view = view(address);
        int n = 0;
        while (view.get(n) != 0) {
            n++;
        }
        return n;
    }

    private static ByteBuffer view(long address) {
        return MemoryIO.getInstance().newDirectByteBuffer(address, NativeStrings.MAX_BYTES + 1);
    }
}
