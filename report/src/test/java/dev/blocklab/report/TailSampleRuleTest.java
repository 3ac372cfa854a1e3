package dev.blocklab.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A tail percentile resting on fewer than 10 samples beyond it says how many; from 10 on it stands alone. */
class TailSampleRuleTest {
    @Test
    void fewerThanTenBeyondIsFlaggedWithItsCount() {
        assertEquals("22.4 ms (2 beyond)", MatrixSection.tail(22.4, 2_999, 0.999), "p99.9 of 2,999 samples: 2 beyond");
        assertEquals("22.4 ms (9 beyond)", MatrixSection.tail(22.4, 999, 0.99), "p99 of 999 samples: 9 beyond");
        assertEquals("22.4 ms", MatrixSection.tail(22.4, 1_000, 0.99), "p99 of 1,000 samples: 10 beyond");
        assertEquals("22.4 ms", MatrixSection.tail(22.4, 10_000, 0.999));
        assertEquals("7049 ms (0 beyond)", MatrixSection.tail(7049, 50, 0.99), "the worst request is not a distribution");
    }
}
