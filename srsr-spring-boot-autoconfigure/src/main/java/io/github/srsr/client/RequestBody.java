package io.github.srsr.client;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

/**
 * The JSON body of a registry request: one object of string values, written as Jackson writes a
 * map of strings ({@code {"name":"orders","port":"8080"}}, no spaces, UTF-8, control characters
 * escaped). Written by hand because every call sends one and a map's serializer costs more than
 * the rest of the request's preparation.
 */
final class RequestBody {

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private RequestBody() {
	}

	/**
	 * Write an object.
	 * @param namesAndValues names and values in turn; a {@code null} value leaves its name out
	 * @return the body's bytes
	 */
	static byte[] of(@Nullable String... namesAndValues) {
		StringBuilder json = new StringBuilder(64).append('{');
		for (int i = 0; i < namesAndValues.length; i += 2) {
			String value = namesAndValues[i + 1];
			if (value == null) {
				continue;
			}
			if (json.length() > 1) {
				json.append(',');
			}
			string(json, String.valueOf(namesAndValues[i])).append(':');
			string(json, value);
		}
		return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
	}

	private static StringBuilder string(StringBuilder json, String value) {
		json.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				case '\b' -> json.append("\\b");
				case '\f' -> json.append("\\f");
				case '\n' -> json.append("\\n");
				case '\r' -> json.append("\\r");
				case '\t' -> json.append("\\t");
				default -> {
					if (c < 0x20) {
						json.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
					}
					else {
						json.append(c);
					}
				}
			}
		}
		return json.append('"');
	}

}
