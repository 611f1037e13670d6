/** Sign-in and authorisation: password hashes, bearer tokens, roles, scopes and the permission rules. */
package org.openintercom.cloud.auth;
