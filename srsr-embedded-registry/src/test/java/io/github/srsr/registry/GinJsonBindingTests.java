package io.github.srsr.registry;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.srsr.registry.GinJsonBinding.BindingException;
import io.github.srsr.registry.GinJsonBinding.GoField;
import io.github.srsr.registry.GinJsonBinding.GoStruct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Request binding like Gin's {@code ShouldBindJSON} and response writing like Gin's {@code c.JSON}.
 */
class GinJsonBindingTests {

	private static final GoStruct REGISTER = new GoStruct("RegisterRequest", new GoField("name", "Name", true),
			new GoField("port", "Port", false));

	@Test
	void bindsStringFieldsAndIgnoresUnknownOnes() throws BindingException {
		assertThat(GinJsonBinding.bind("{\"name\":\"svc\",\"extra\":{\"a\":[1,2]},\"port\":\"80\"}", REGISTER))
			.containsExactlyInAnyOrderEntriesOf(Map.of("name", "svc", "port", "80"));
	}

	@Test
	void matchesKeysCaseInsensitivelyLikeGo() throws BindingException {
		assertThat(GinJsonBinding.bind("{\"NAME\":\"svc\"}", REGISTER)).containsEntry("name", "svc");
		assertThat(GinJsonBinding.bind("{\"name\":\"a\",\"Name\":\"b\"}", REGISTER)).containsEntry("name", "b");
	}

	@Test
	void readsOnlyTheFirstJsonValue() throws BindingException {
		assertThat(GinJsonBinding.bind("{\"name\":\"svc\"} trailing garbage", REGISTER)).containsEntry("name", "svc");
	}

	@Test
	void nullLeavesAFieldEmpty() {
		assertThatExceptionOfType(BindingException.class)
			.isThrownBy(() -> GinJsonBinding.bind("{\"name\":null}", REGISTER))
			.withMessage("Key: 'RegisterRequest.Name' Error:Field validation for 'Name' failed on the 'required' tag");
	}

	@Test
	void reportsErrorsWithGinsWording() {
		assertThatExceptionOfType(BindingException.class).isThrownBy(() -> GinJsonBinding.bind("  ", REGISTER))
			.withMessage("EOF");
		assertThatExceptionOfType(BindingException.class)
			.isThrownBy(() -> GinJsonBinding.bind("{\"name\":\"svc\"", REGISTER))
			.withMessage("unexpected EOF");
		assertThatExceptionOfType(BindingException.class)
			.isThrownBy(() -> GinJsonBinding.bind("{\"name\":\"svc\",\"port\":8080}", REGISTER))
			.withMessage("json: cannot unmarshal number into Go struct field RegisterRequest.port of type string");
		assertThatExceptionOfType(BindingException.class)
			.isThrownBy(() -> GinJsonBinding.bind("[1]", REGISTER))
			.withMessage("json: cannot unmarshal array into Go value of type server.RegisterRequest");
		assertThatExceptionOfType(BindingException.class)
			.isThrownBy(() -> GinJsonBinding.bind("{'name':'svc'}", REGISTER))
			.withMessageStartingWith("invalid JSON: ");
	}

	@Test
	void aSyntaxErrorWinsOverATypeError() {
		assertThatExceptionOfType(BindingException.class)
			.isThrownBy(() -> GinJsonBinding.bind("{\"port\":1, x}", REGISTER))
			.withMessageStartingWith("invalid JSON: ");
	}

	@Test
	void writesLikeGinWithSortedKeysAndHtmlSafeEscapes() {
		assertThat(GinJson.object(Map.of("success", true, "address", "http://h/?a=1&b=<2>")))
			.isEqualTo("{\"address\":\"http://h/?a=1\\u0026b=\\u003c2\\u003e\",\"success\":true}");
		assertThat(GinJson.object(Map.of("error", "quote \" backslash \\ tab \t nl \n bell \u0007")))
			.isEqualTo("{\"error\":\"quote \\\" backslash \\\\ tab \\t nl \\n bell \\u0007\"}");
	}

}
