package org.openintercom.hal.model;

import org.openintercom.hal.io.InputRole;

/** A digital input a model has, with what it is normally wired to. */
public record InputSpec(String id, InputRole role) {
}
