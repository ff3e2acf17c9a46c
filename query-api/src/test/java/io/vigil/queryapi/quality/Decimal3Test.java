package io.vigil.queryapi.quality;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class Decimal3Test {
  @Test
  void roundsHalfUpToThreePlacesWithoutTrailingZeros() {
    assertThat(Decimal3.format(2.094455797693444)).isEqualTo("2.094");
    assertThat(Decimal3.format(2.0945)).isEqualTo("2.095");
    assertThat(Decimal3.format(6.5)).isEqualTo("6.5");
    assertThat(Decimal3.format(12.0)).isEqualTo("12");
    assertThat(Decimal3.format(0.0004)).isEqualTo("0");
    assertThat(Decimal3.format(0.05)).isEqualTo("0.05");
    assertThat(Decimal3.format(158.437393)).isEqualTo("158.437");
  }

  @Test
  void negativeValuesKeepTheirSign() {
    assertThat(Decimal3.format(-0.25)).isEqualTo("-0.25");
    assertThat(Decimal3.format(-1.5)).isEqualTo("-1.5");
    assertThat(Decimal3.format(-3.007)).isEqualTo("-3.007");
  }

  @Test
  void anyValueReadsBackAsItsValueRoundedToThreePlaces() {
    java.util.Random random = new java.util.Random(11);
    for (int i = 0; i < 200_000; i++) {
      double scale = Math.pow(10, random.nextInt(13) - 3);
      double v = (random.nextDouble() * 2 - 1) * scale;
      String s = Decimal3.format(v);
      assertThat(Double.parseDouble(s)).as("%s -> %s", v, s).isEqualTo(Math.round(v * 1000) / 1000.0);
      assertThat(s).as("%s", v).doesNotEndWith(".").doesNotContain("E").doesNotStartWith("-0.000");
      if (s.contains(".")) {
        assertThat(s).as("%s", v).doesNotEndWith("0");
      }
    }
  }

  @Test
  void hugeAndNonFiniteValuesAreWrittenAsPlainDoubles() throws Exception {
    assertThat(json(1e15)).isEqualTo("1.0E15");
    assertThat(json(Double.NaN)).isEqualTo("\"NaN\"");
    assertThat(json(42.1234)).isEqualTo("42.123");
  }

  private static String json(double v) throws Exception {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
      Decimal3.write(g, v, new char[Decimal3.MAX_CHARS]);
    }
    return out.toString();
  }
}
