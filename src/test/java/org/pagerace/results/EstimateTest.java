package org.pagerace.results;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The one estimate: Student's t from commons-math, and unknown values written and read as null. */
class EstimateTest {
    @Test
    void theTQuantileMatchesPrintedTables() {
        assertEquals(636.619, Estimate.tQuantile(1), 1e-3);
        assertEquals(31.599, Estimate.tQuantile(2), 1e-3);
        assertEquals(3.646, Estimate.tQuantile(30), 1e-3);
        assertEquals(3.291, Estimate.tQuantile(100_000), 1e-3, "the normal quantile for large samples");
    }

    @Test
    void unknownValuesAreNullInJsonAndNaNInJava() throws Exception {
        String json = Json.MAPPER.writeValueAsString(Estimate.of(12.5));
        assertEquals("{\"value\":12.5,\"error\":null}", json.replaceAll("\\s", ""));
        Estimate back = Json.MAPPER.readValue(json, Estimate.class);
        assertEquals(12.5, back.value());
        assertTrue(Double.isNaN(back.error()));
    }

    @Test
    void aRatioOverZeroIsUnknown() {
        assertFalse(Estimate.of(1).over(Estimate.of(0)).known());
    }
}
