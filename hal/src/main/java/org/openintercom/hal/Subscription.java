package org.openintercom.hal;

/** A registered listener; {@link #cancel()} stops further notifications. */
@FunctionalInterface
public interface Subscription extends AutoCloseable {

    void cancel();

    @Override
    default void close() {
        cancel();
    }
}
