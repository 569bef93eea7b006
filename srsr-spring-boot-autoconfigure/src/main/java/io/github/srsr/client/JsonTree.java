package io.github.srsr.client;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a registry's answer into a {@link JsonNode} tree as {@code JsonMapper.readTree} does (the
 * last of duplicate names wins, anything after the first value makes it no JSON), with the
 * streaming parser alone: a mapper finds and caches its tree deserializer at its first read,
 * which made the first registry call of an application some 20 ms slower.
 */
final class JsonTree {

	private static final JsonFactory FACTORY = new JsonFactory();

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

	private JsonTree() {
	}

	/**
	 * Parse JSON text.
	 * @param bytes the text, UTF-8, from the start of the array
	 * @param length how long it is
	 * @return the tree, or {@code null} if the text is empty or not one JSON value
	 */
	static @Nullable JsonNode parse(byte[] bytes, int length) {
		try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), bytes, 0, length)) {
			JsonToken first = parser.nextToken();
			if (first == null) {
				return null;
			}
			JsonNode root = value(parser, first);
			return (parser.nextToken() == null) ? root : null;
		}
		catch (JacksonException | IllegalStateException ex) {
			return null;
		}
	}

	private static JsonNode value(JsonParser parser, @Nullable JsonToken token) {
		if (token == null) {
			throw new IllegalStateException("The JSON text ended within a value");
		}
		return switch (token) {
			case START_OBJECT -> {
				ObjectNode object = NODES.objectNode();
				for (JsonToken next = parser.nextToken(); next == JsonToken.PROPERTY_NAME; next = parser.nextToken()) {
					String name = parser.currentName();
					object.set(name, value(parser, parser.nextToken()));
				}
				yield object;
			}
			case START_ARRAY -> {
				ArrayNode array = NODES.arrayNode();
				for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
					array.add(value(parser, next));
				}
				yield array;
			}
			case VALUE_STRING -> NODES.stringNode(parser.getString());
			case VALUE_NUMBER_INT -> switch (parser.getNumberType()) {
				case INT -> NODES.numberNode(parser.getIntValue());
				case LONG -> NODES.numberNode(parser.getLongValue());
				default -> NODES.numberNode(parser.getBigIntegerValue());
			};
			case VALUE_NUMBER_FLOAT -> NODES.numberNode(parser.getDoubleValue());
			case VALUE_TRUE -> NODES.booleanNode(true);
			case VALUE_FALSE -> NODES.booleanNode(false);
			case VALUE_NULL -> NODES.nullNode();
			default -> throw new IllegalStateException("Unexpected JSON token " + token);
		};
	}

}
