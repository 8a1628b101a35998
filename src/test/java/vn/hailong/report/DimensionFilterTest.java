package vn.hailong.report;

import io.micronaut.http.HttpStatus;
import org.junit.jupiter.api.Test;
import vn.hailong.system.Refusal;
import vn.hailong.system.RefusalStatus;
import vn.hailong.system.FieldError;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DimensionFilterTest {

    @Test
    void blankParametersMeanNoFilter() {
        DimensionFilter filter = parse(null, " ", "", null, null);
        assertTrue(filter.isEmpty());
        assertEquals("", filter.on("rd").sql());
        assertEquals(Map.of(), filter.parameters());
    }

    @Test
    void valuesAreStrippedAndTheChannelLowerCased() {
        DimensionFilter filter = parse(" 1.004227 ", "Hộ tịch", "Q3", "cb-0142", "Direct");
        assertEquals(new DimensionFilter("1.004227", "Hộ tịch", "Q3", "cb-0142", "direct"), filter);
        assertEquals(List.of("procedure", "field", "counter", "officer", "channel"), List.copyOf(filter.parameters().keySet()));
        DimensionFilter.Condition condition = filter.on("rd");
        assertEquals(List.of("1.004227", "Hộ tịch", "Q3", "cb-0142", "direct"), condition.parameters());
        assertEquals(5, condition.sql().split(" AND ", -1).length - 1);
        assertTrue(condition.sql().contains("rd.channel = ?"));
    }

    @Test
    void badValuesAre422NamingEachParameter() {
        vn.hailong.system.Refusal refused = assertThrows(vn.hailong.system.Refusal.class, () ->
                ReportParameters.of("HN", null, null, null).withDimensions("x".repeat(65), "ok", "Q\u00013", null, "by post!")
                        .read(ReportParameters.Defaults.api()));
        assertEquals(HttpStatus.UNPROCESSABLE_ENTITY, vn.hailong.system.RefusalStatus.of(refused));
        assertEquals(List.of("channel", "procedure", "counter"), refused.errors().stream().map(FieldError::field).toList());
    }

    /** Parses values that are all acceptable. */
    private static DimensionFilter parse(String procedure, String field, String counter, String officer, String channel) {
        List<FieldError> errors = new java.util.ArrayList<>();
        DimensionFilter filter = DimensionFilter.parse(procedure, field, counter, officer, channel, errors);
        assertEquals(List.of(), errors);
        return filter;
    }

    @Test
    void dimensionNamesTheParameter() {
        assertEquals(Dimension.OFFICER, Dimension.parse("by", "Officer"));
        Refusal unknown = assertThrows(Refusal.class, () -> Dimension.parse("by", "district"));
        assertEquals(HttpStatus.UNPROCESSABLE_ENTITY, RefusalStatus.of(unknown));
        assertEquals("by", unknown.reasons().get(0).field());
        assertEquals("dimension.unknown", unknown.reasons().get(0).code());
        Refusal missing = assertThrows(Refusal.class, () -> Dimension.parse("by", null));
        assertEquals("by", missing.reasons().get(0).field());
        assertEquals("dimension.required", missing.reasons().get(0).code());
    }
}
