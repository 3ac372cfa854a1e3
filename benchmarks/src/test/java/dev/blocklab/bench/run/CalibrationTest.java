package dev.blocklab.bench.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A check is met only when every round meets it, missed only when none does. */
class CalibrationTest {
    private static ObjectNode judged(List<Double> values, double limit) {
        ObjectNode check = new ObjectMapper().createObjectNode();
        Calibration.judge(check, "overhead", values, limit);
        return check;
    }

    @Test
    void everyRoundUnderTheLimitMeetsIt() {
        ObjectNode check = judged(List.of(0.01, -0.02, 0.029, 0.0, 0.015), 0.03);
        assertEquals("met", check.path("verdict").asText());
        assertEquals(0.01, check.path("overhead").asDouble(), 1e-12);
        assertEquals(-0.02, check.path("low").asDouble(), 1e-12);
        assertEquals(0.029, check.path("high").asDouble(), 1e-12);
    }

    @Test
    void everyRoundOverTheLimitMissesIt() {
        assertEquals("missed", judged(List.of(0.05, 0.04, 0.09), 0.03).path("verdict").asText());
    }

    @Test
    void roundsOnBothSidesCannotTell() {
        assertEquals("inconclusive", judged(List.of(0.05, -0.04, 0.01), 0.03).path("verdict").asText());
    }

    @Test
    void theMedianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertEquals(2.5, Calibration.median(List.of(4.0, 1.0, 3.0, 2.0)), 1e-12);
    }
}
