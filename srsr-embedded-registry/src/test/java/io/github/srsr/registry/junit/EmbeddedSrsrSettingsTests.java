package io.github.srsr.registry.junit;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Reading {@link EmbeddedSrsr#timeout()}.
 */
class EmbeddedSrsrSettingsTests {

	@ParameterizedTest
	@CsvSource({ "300ms, PT0.3S", "30s, PT30S", "2m, PT2M", "1h, PT1H", "45, PT45S", "PT1.5S, PT1.5S", " 5 S , PT5S" })
	void readsDurations(String text, Duration expected) {
		assertThat(EmbeddedSrsrSettings.parseTimeout(text)).isEqualTo(expected);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "soon", "0s", "-1s", "PT0S", "PT-1S", "10 parsecs" })
	void refusesAnythingButAPositiveDuration(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> EmbeddedSrsrSettings.parseTimeout(text))
			.withMessageContaining("\"" + text + "\"");
	}

}
