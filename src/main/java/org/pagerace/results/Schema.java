package org.pagerace.results;

/**
 * What a results file says it is: its {@code schema} name, its {@code schema_version}, and the name it has in a run
 * folder. Each results file's record holds its one {@code Schema} constant; {@link Json} writes the two fields
 * first and checks them on reading.
 */
public record Schema(String name, int version, String fileName) {
    @Override
    public String toString() {
        return name + " v" + version;
    }
}
