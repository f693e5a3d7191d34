package dev.hotscope.tests.jfr;

import java.util.ArrayList;
import java.util.List;
import org.assertj.core.presentation.Representation;
import org.assertj.core.presentation.StandardRepresentation;
import org.openjdk.jmc.common.IMCFrame;
import org.openjdk.jmc.common.IMCStackTrace;
import org.openjdk.jmc.common.IMCThread;
import org.openjdk.jmc.common.item.Attribute;
import org.openjdk.jmc.common.item.ICanonicalAccessorFactory;
import org.openjdk.jmc.common.item.IItem;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.item.IItemIterable;
import org.openjdk.jmc.common.item.IMemberAccessor;
import org.openjdk.jmc.common.item.IType;
import org.openjdk.jmc.common.item.ItemFilters;
import org.openjdk.jmc.common.unit.IQuantity;
import org.openjdk.jmc.common.unit.UnitLookup;
import org.openjdk.jmc.flightrecorder.JfrAttributes;

/** Reading JMC's items the way its UI does: attributes through the item's type. */
final class JmcItems {
    private JmcItems() {}

    /** Every item of one event type, in JMC's order. */
    static List<IItem> ofType(IItemCollection items, String type) {
        List<IItem> list = new ArrayList<>();
        for (IItemIterable it : items.apply(ItemFilters.type(type))) {
            it.forEach(list::add);
        }
        return list;
    }

    /** The items of a type whose event thread has this name. */
    static List<IItem> onThread(IItemCollection items, String type, String threadName) {
        List<IItem> list = new ArrayList<>();
        for (IItem i : ofType(items, type)) {
            IMCThread t = eventThread(i);
            if (t != null && threadName.equals(t.getThreadName())) {
                list.add(i);
            }
        }
        return list;
    }

    static IMCThread eventThread(IItem i) {
        return member(i, JfrAttributes.EVENT_THREAD);
    }

    static IMCStackTrace stackTrace(IItem i) {
        return member(i, JfrAttributes.EVENT_STACKTRACE);
    }

    static List<? extends IMCFrame> frames(IItem i) {
        IMCStackTrace s = stackTrace(i);
        return s == null ? List.of() : s.getFrames();
    }

    static String text(IItem i, String field) {
        return member(i, Attribute.attr(field, field, UnitLookup.PLAIN_TEXT));
    }

    static IMCThread thread(IItem i, String field) {
        return member(i, Attribute.attr(field, field, UnitLookup.THREAD));
    }

    static long nanos(IItem i, String timespanField) {
        IQuantity q = member(i, Attribute.attr(timespanField, timespanField, UnitLookup.TIMESPAN));
        return q == null ? Long.MIN_VALUE : q.clampedLongValueIn(UnitLookup.NANOSECOND);
    }

    static long durationNanos(IItem i) {
        IQuantity q = member(i, JfrAttributes.DURATION);
        return q == null ? Long.MIN_VALUE : q.clampedLongValueIn(UnitLookup.NANOSECOND);
    }

    static long startEpochNanos(IItem i) {
        return member(i, JfrAttributes.START_TIME).clampedLongValueIn(UnitLookup.EPOCH_NS);
    }

    static long epochMillis(IItem i, String timestampField) {
        IQuantity q = member(i, Attribute.attr(timestampField, timestampField, UnitLookup.TIMESTAMP));
        return q == null ? Long.MIN_VALUE : q.clampedLongValueIn(UnitLookup.EPOCH_MS);
    }

    /**
     * How AssertJ shows JMC's items and frames in failure messages: JMC's own toString converts class
     * names, which throws for some names, and shows frames as object ids.
     */
    static final Representation SHOWN = new StandardRepresentation() {
        @Override
        public String toStringOf(Object o) {
            if (o instanceof IItem) {
                IItem i = (IItem) o;
                IMCThread t = eventThread(i);
                return i.getType().getIdentifier() + " at " + startEpochNanos(i) + " on "
                    + (t == null ? "no thread" : t.getThreadName() + " (Java id " + t.getThreadId() + ")");
            }
            if (o instanceof IMCFrame) {
                return describe((IMCFrame) o);
            }
            return super.toStringOf(o);
        }
    };

    /** A frame as {@code Type class.method:line}, for failure messages. */
    static String describe(IMCFrame f) {
        return f.getType() + " " + className(f) + "." + f.getMethod().getMethodName() + ":" + f.getFrameLineNumber();
    }

    /**
     * The frame's class as JMC names it, or, where JMC's name conversion throws (a class name it takes
     * for an array descriptor), {@code !} and the exception: JMC has no other way to give the name.
     */
    static String className(IMCFrame f) {
        try {
            return f.getMethod().getType().getFullName();
        } catch (RuntimeException e) {
            return "!" + e.getMessage();
        }
    }

    static String describe(List<? extends IMCFrame> frames) {
        StringBuilder b = new StringBuilder();
        for (IMCFrame f : frames) {
            b.append("\n  ").append(describe(f));
        }
        return b.toString();
    }

    @SuppressWarnings("unchecked")
    private static <M> M member(IItem i, ICanonicalAccessorFactory<M> attribute) {
        IMemberAccessor<M, IItem> accessor = attribute.getAccessor((IType<IItem>) i.getType());
        return accessor == null ? null : accessor.getMember(i);
    }
}
