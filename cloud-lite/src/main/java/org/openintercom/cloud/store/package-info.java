/** Persistence: the database, its migrations and one small plain-JDBC repository per concern. */
package org.openintercom.cloud.store;
