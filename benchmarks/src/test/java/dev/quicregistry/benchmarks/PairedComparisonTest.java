package dev.quicregistry.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quicregistry.benchmarks.ResultsReport.Spread;
import java.util.List;
import org.junit.jupiter.api.Test;

class PairedComparisonTest {

    private static final Spread BEFORE = Spread.of(List.of(0.78, 0.80, 0.82, 0.79, 0.81));

    @Test
    void aMeanAfterWithinTheIntervalBeforeHasNotMoved() {
        assertThat(PairedComparison.verdict(BEFORE, Spread.of(List.of(0.80, 0.81)))).isEqualTo("yes");
    }

    @Test
    void aMeanAfterOutsideTheIntervalBeforeSaysWhichWay() {
        assertThat(PairedComparison.verdict(BEFORE, Spread.of(List.of(0.60, 0.62)))).isEqualTo("no, below");
        assertThat(PairedComparison.verdict(BEFORE, Spread.of(List.of(1.00, 1.02)))).isEqualTo("no, above");
    }

    @Test
    void oneForkOrNoFiniteRatioOnEitherSideCannotTell() {
        assertThat(PairedComparison.verdict(Spread.of(List.of(0.80)), Spread.of(List.of(0.60, 0.62)))).isEqualTo("can't tell");
        assertThat(PairedComparison.verdict(BEFORE, Spread.of(List.of(0.60)))).isEqualTo("can't tell");
        assertThat(PairedComparison.verdict(BEFORE, Spread.of(List.of(Double.NaN, 0.80)))).isEqualTo("can't tell");
    }
}
