package com.acme.shapes;

import java.util.function.IntSupplier;

/** Abstract, native, lambda and bridge methods, none of which may be probed, beside ordinary ones. */
public abstract class Shape implements Comparable<Shape> {
    public abstract double area();

    public native long nativeCall();

    public int viaLambda() {
        IntSupplier supplier = () -> 7;
        return supplier.getAsInt();
    }

    /** With the generic Comparable this also makes a synthetic bridge compareTo(Object). */
    @Override
    public int compareTo(Shape other) {
        return Double.compare(area(), other.area());
    }
}
