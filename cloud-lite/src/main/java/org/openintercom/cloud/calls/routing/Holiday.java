package org.openintercom.cloud.calls.routing;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.LocalDate;

/** A date on which a ring group is closed all day, with a name for the call history ("Easter Monday"). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Holiday(@JsonFormat(shape = JsonFormat.Shape.STRING) LocalDate date, String name) {

    public static Holiday of(String date, String name) {
        return new Holiday(LocalDate.parse(date), name);
    }
}
