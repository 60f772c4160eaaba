package org.pagerace.results;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** A results file's record: the same type is written by its tool and read by the report and other tools. */
public interface ResultsDocument {
    /** The schema this record is written as (a constant of the record's class). */
    @JsonIgnore
    Schema schema();
}
