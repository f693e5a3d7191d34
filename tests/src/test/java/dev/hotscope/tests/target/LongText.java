package dev.hotscope.tests.target;

/**
 * Long string arguments whose every 100-byte stretch differs, so a tracer that shows them in
 * pieces cannot hide a piece out of place. Shared by the target (input) and the tests (the input
 * they cut down to what the library must pass).
 */
public final class LongText {
    private LongText() {}

    /**
     * ASCII text of {@code length} characters: {@code "[0000]abcd...[0001]..."}, a numbered block
     * every 32 characters.
     *
     * @param length the number of characters
     * @return the text
     */
    public static String ascii(int length) {
        StringBuilder text = new StringBuilder(length + 32);
        for (int block = 0; text.length() < length; block++) {
            text.append(String.format("[%04d]", block));
            for (int i = 0; i < 26; i++) {
                text.append((char) ('a' + (block + i) % 26));
            }
        }
        return text.substring(0, length);
    }

    /**
     * Text of {@code length} two-byte characters ({@code é}); as UTF-8 it is {@code 2 * length}
     * bytes, so a 1023-byte limit falls in the middle of a character.
     *
     * @param length the number of characters
     * @return the text
     */
    public static String twoByteChars(int length) {
        return "\u00e9".repeat(length);
    }
}
