package vn.hailong.report;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The small pure parts of the dashboard: Slovin targets, periods, CSV cells, chart geometry. */
class DashboardPartsTest {

    @Test
    void slovinTargetIsRoundedUpToWholeRespondents() {
        // n = N / (1 + N × 0.05²)
        assertThat(SampleTargets.slovin(10_000)).isEqualTo(385); // 384.6
        assertThat(SampleTargets.slovin(400)).isEqualTo(200);     // exactly 200: not 201
        assertThat(SampleTargets.slovin(1)).isEqualTo(1);
        assertThat(SampleTargets.slovin(0)).isZero();
        assertThat(SampleTargets.slovin(1_000_000)).isEqualTo(400); // 399.84
    }

    @Test
    void periodLabelsGiveCalendarRanges() {
        assertThat(ReportPeriod.calendar("2026-Q1").orElseThrow()).extracting(ReportPeriod::from, ReportPeriod::to)
                .containsExactly(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 3, 31));
        assertThat(ReportPeriod.calendar("2024-02").orElseThrow().to()).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(ReportPeriod.calendar("2026").orElseThrow().kind()).isEqualTo(ReportPeriod.Kind.YEAR);
        assertThat(ReportPeriod.calendar("2026-q4").orElseThrow().label()).isEqualTo("2026-Q4");
        for (String bad : new String[]{"2026-13", "2026-Q0", "2026-Q5", "26", "Q1", "2026-1", ""}) {
            assertThat(ReportPeriod.calendar(bad)).as(bad).isEmpty();
        }
        assertThat(ReportPeriod.calendar("2026-Q2").orElseThrow().months()).extracting(ReportPeriod::label)
                .containsExactly("2026-04", "2026-05", "2026-06");
        assertThat(ReportPeriod.year(2026).quarters()).hasSize(4);
    }

    @Test
    void dashboardDefaultsToTheCurrentQuarterAndExplainsBadParameters() {
        LocalDate today = LocalDate.of(2026, 11, 22);
        var defaults = ReportParameters.Defaults.page("HN", "sipas-2017", today);
        assertThat(DashboardQuery.parse(ReportParameters.of(null, null, null, null), defaults, null, null).period().label())
                .isEqualTo("2026-Q4");
        assertThat(DashboardQuery.parse(ReportParameters.of("HN", "sipas-2017", "2026-01-05", "").withPeriod("custom"), defaults, null, null)
                .period()).extracting(ReportPeriod::from, ReportPeriod::to).containsExactly(LocalDate.of(2026, 1, 5), null);
        assertThat(DashboardQuery.parse(ReportParameters.of("HN", "sipas-2017", null, null).withPeriod("all"), defaults, null, null)
                .period().from()).isNull();
        var problem = catchThrowableOfType(() -> DashboardQuery.parse(ReportParameters.of("HN", "s", "5/1/2026", null).withPeriod("custom"),
                        defaults, "colour", "up"), vn.hailong.system.Refusal.class);
        assertThat(problem.errors()).extracting(vn.hailong.system.FieldError::field).containsExactly("from", "sort", "dir");
        assertThat(ReportPeriod.recent(today).get(0).label()).isEqualTo("2026-Q4");
    }

    @Test
    void csvCellsAreQuotedAndFormulasDefused() {
        assertThat(CsvFile.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(CsvFile.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(CsvFile.cell("=1+2")).isEqualTo("'=1+2");
        assertThat(CsvFile.cell("-3")).isEqualTo("'-3");
        assertThat(CsvFile.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(CsvFile.cell("=a,\"b\"")).isEqualTo("\"'=a,\"\"b\"\"\""); // defused and quoted: the apostrophe inside the quotes
        StringBuilder appended = new StringBuilder("x,");
        CsvFile.appendText(appended, "+1,2");
        assertThat(appended).hasToString("x,\"'+1,2\"");
        CsvFile.appendText(appended.append(','), null); // a response without a language: an empty cell, not a broken download
        assertThat(appended).hasToString("x,\"'+1,2\",");
        assertThat(CsvFile.cell(-3.5)).isEqualTo("-3.5"); // a number stays a number
        assertThat(CsvFile.cell(82.41)).isEqualTo("82.41");
        assertThat(CsvFile.cell(100.0)).isEqualTo("100");
        assertThat(CsvFile.cell(null)).isEmpty();
        byte[] file = CsvFile.write(new ExportTable("t", List.of("Mã", "Tên"), List.of(Arrays.asList("HN", "Hà Nội"))));
        assertThat(Arrays.copyOf(file, 3)).containsExactly(0xEF, 0xBB, 0xBF);
        assertThat(new String(file, 3, file.length - 3, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("Mã,Tên\r\nHN,Hà Nội\r\n");
    }

    @Test
    void exportFileNamesCarryAgencyAndPeriodAndNothingElse() {
        assertThat(ExportController.fileName("figures", "HN-01", ReportPeriod.quarter(2026, 1), "csv")).isEqualTo("hailong-figures-HN-01-2026-Q1.csv");
        assertThat(ExportController.fileName("ranking", "X/../Y", ReportPeriod.custom(LocalDate.of(2026, 1, 1), null), "xlsx"))
                .isEqualTo("hailong-ranking-X_.._Y-2026-01-01_.xlsx");
        assertThat(XlsxFile.sheetName("Số liệu [quý 1]: tổng/hợp")).hasSizeLessThanOrEqualTo(31).doesNotContain("[", "]", ":", "/");
    }

    @Test
    void distributionSegmentsAddUpToTheBarAndAreLabelled() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("1", 10L);
        counts.put("2", 0L);
        counts.put("3", 30L);
        counts.put("4", 40L);
        counts.put("5", 20L);
        Charts.Distribution bar = Charts.distribution(counts);
        assertThat(bar.segments()).extracting(Charts.Segment::value).containsExactly("1", "3", "4", "5");
        assertThat(bar.segments().stream().mapToDouble(Charts.Segment::width).sum()).isCloseTo(Charts.DISTRIBUTION_WIDTH, org.assertj.core.data.Offset.offset(0.5));
        assertThat(bar.segments()).allMatch(Charts.Segment::labelled);
        assertThat(bar.segments().get(2).percent()).isEqualTo("40");
    }

    @Test
    void trendLineBreaksAtMonthsWithoutResponses() {
        List<TrendPoint> points = List.of(
                new TrendPoint("2026-01", LocalDate.of(2026, 1, 1), LocalDate.of(2026, 1, 31), 40, 80.0, List.of(70.0, 90.0), true),
                new TrendPoint("2026-02", LocalDate.of(2026, 2, 1), LocalDate.of(2026, 2, 28), 0, null, null, false),
                new TrendPoint("2026-03", LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 31), 35, 85.0, List.of(75.0, 92.0), true),
                new TrendPoint("2026-04", LocalDate.of(2026, 4, 1), LocalDate.of(2026, 4, 30), 10, 60.0, List.of(30.0, 85.0), false));
        Charts.TrendChart chart = Charts.trend(points);
        assertThat(chart.line()).startsWith("M").contains(" M").containsOnlyOnce(" L");
        assertThat(chart.bands()).hasSize(1); // March–April; January alone has no neighbour to span to
        assertThat(chart.points().get(1).y()).isNull();
        assertThat(chart.points().get(3).sufficient()).isFalse();
        // the y axis starts at the ten below the lowest interval bound (30)
        assertThat(chart.yTicks().get(0).label()).isEqualTo("20");
        assertThat(chart.yTicks().get(chart.yTicks().size() - 1).label()).isEqualTo("100");
    }
}
