package org.openintercom.cloud.store;

import java.sql.Connection;
import java.sql.SQLException;

/** A unit of JDBC work on one connection. */
@FunctionalInterface
public interface SqlWork<T> {

    /** Does the work on {@code connection}. */
    T apply(Connection connection) throws SQLException;
}
