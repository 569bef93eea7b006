package io.github.srsr.registry;

import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a response body byte for byte as Gin's {@code c.JSON(code, gin.H{...})} does: keys sorted, no spaces,
 * no trailing newline, and strings escaped like Go's {@code encoding/json}: HTML-safe, so {@code <}, {@code >},
 * {@code &}, U+2028 and U+2029 are written as backslash-u escapes with lowercase hex, like control characters.
 */
final class GinJson {

	private static final char[] HEX = "0123456789abcdef".toCharArray();

	private GinJson() {
	}

	/**
	 * The JSON object of these entries; values are strings or booleans.
	 * @param entries the entries, in any order
	 * @return the JSON text
	 */
	static String object(Map<String, ?> entries) {
		StringBuilder json = new StringBuilder("{");
		for (Map.Entry<String, ?> entry : new TreeMap<>(entries).entrySet()) {
			if (json.length() > 1) {
				json.append(',');
			}
			appendString(json, entry.getKey());
			json.append(':');
			Object value = entry.getValue();
			if (value instanceof Boolean) {
				json.append(value);
			}
			else {
				appendString(json, (String) value);
			}
		}
		return json.append('}').toString();
	}

	private static void appendString(StringBuilder json, String text) {
		json.append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				case '\b' -> json.append("\\b");
				case '\f' -> json.append("\\f");
				case '\n' -> json.append("\\n");
				case '\r' -> json.append("\\r");
				case '\t' -> json.append("\\t");
				default -> {
					if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
						json.append("\\u").append(HEX[(c >> 12) & 0xf]).append(HEX[(c >> 8) & 0xf])
							.append(HEX[(c >> 4) & 0xf]).append(HEX[c & 0xf]);
					}
					else {
						json.append(c);
					}
				}
			}
		}
		json.append('"');
	}

}
