package dev.hotscope.tests.target;

import dev.hotscope.usdt.ArgType;
import dev.hotscope.usdt.Probe;
import dev.hotscope.usdt.Provider;
import java.util.List;

/**
 * Every argument type with edge values: narrowing, signedness, UTF-8, NUL and truncation. The
 * inputs are here; what a tracer must see is spelled out in the tests.
 */
final class ValuesScenario implements Scenario {
    /** The text fired on {@code text}: two- and three-byte UTF-8 characters. */
    static final String UTF8_TEXT = "h\u00e9llo \u2713";

    private Probe requestStart;
    private Probe ints;
    private Probe wide;
    private Probe text;
    private Probe nulText;
    private Probe longAscii;
    private Probe longTwoByte;

    @Override
    public String providerName() {
        return "hsvalues";
    }

    @Override
    public void declare(Provider provider) {
        requestStart = provider.probe("request__start", ArgType.INT64, ArgType.STRING);
        ints = provider.probe("ints", ArgType.INT8, ArgType.UINT8, ArgType.INT16, ArgType.UINT16,
            ArgType.INT32, ArgType.UINT32);
        wide = provider.probe("wide", ArgType.INT64, ArgType.INT64, ArgType.UINT64, ArgType.BOOLEAN,
            ArgType.BOOLEAN);
        text = provider.probe("text", ArgType.STRING);
        nulText = provider.probe("nul_text", ArgType.STRING);
        longAscii = provider.probe("long_ascii", ArgType.STRING);
        longTwoByte = provider.probe("long_two_byte", ArgType.STRING);
    }

    @Override
    public List<String> fire() {
        requestStart.fire(42L, "GET /");
        ints.fire(-5, 300, -40_000, 70_000, Integer.MIN_VALUE, 4_000_000_000L);
        wide.fire(Long.MIN_VALUE, Long.MAX_VALUE, -1L, 7, 0);
        text.fire(UTF8_TEXT);
        nulText.fire("abc\0def");
        longAscii.fire(LongText.ascii(2000));
        longTwoByte.fire(LongText.twoByteChars(1000));
        return List.of();
    }
}
