package org.openintercom.cloud.api;

import java.util.Objects;
import java.util.function.Function;

/** The result of a service call: a value, or the {@link Problem} that stopped it. */
public record Result<T>(T value, Problem problem) {

    public static <T> Result<T> ok(T value) {
        return new Result<>(Objects.requireNonNull(value, "value"), null);
    }

    public static <T> Result<T> refused(Problem problem) {
        return new Result<>(null, Objects.requireNonNull(problem, "problem"));
    }

    /** Whether the call succeeded. */
    public boolean isOk() {
        return problem == null;
    }

    /** The value transformed by {@code f}, or the same problem. */
    public <U> Result<U> map(Function<T, U> f) {
        return isOk() ? ok(f.apply(value)) : refused(problem);
    }
}
