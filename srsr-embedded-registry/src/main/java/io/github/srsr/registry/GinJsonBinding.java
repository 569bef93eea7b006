package io.github.srsr.registry;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads a request body into a Go struct of string fields the way Gin's {@code ShouldBindJSON} does, so that the
 * registry accepts and refuses exactly the bodies srsr does.
 *
 * <ul>
 * <li>Only the first JSON value of the body is read; what follows it is ignored (Go's {@code json.Decoder}).</li>
 * <li>An empty body fails with {@code EOF}; a syntax error fails.</li>
 * <li>Object keys match field names case-insensitively, an exact match preferred; unknown keys are ignored; the
 * last matching key wins; {@code null} leaves a field empty.</li>
 * <li>A field given a number, boolean, array or object, or a top-level value that is not an object (nor
 * {@code null}), fails with Go's "cannot unmarshal" message.</li>
 * <li>Then {@code binding:"required"} fields that are empty fail, with the validator's message.</li>
 * </ul>
 * The request's Content-Type is not looked at.
 */
final class GinJsonBinding {

	private static final JsonFactory JSON = new JsonFactory();

	private GinJsonBinding() {
	}

	/**
	 * Binds the body to the struct.
	 * @param body the request body
	 * @param struct the Go struct to fill
	 * @return the value of every field, empty when not given
	 * @throws BindingException with Gin's error text when Gin would answer {@code 400 {"error": ...}}
	 */
	static Map<String, String> bind(String body, GoStruct struct) throws BindingException {
		Map<String, String> values = new HashMap<>();
		for (GoField field : struct.fields()) {
			values.put(field.jsonName(), "");
		}
		String typeError = null;
		try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), body)) {
			JsonToken token = parser.nextToken();
			if (token == null) {
				throw new BindingException("EOF");
			}
			if (token == JsonToken.START_OBJECT) {
				while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
					GoField field = struct.field(parser.currentName());
					JsonToken value = parser.nextToken();
					if (field == null || value == JsonToken.VALUE_NULL) {
						parser.skipChildren();
					}
					else if (value == JsonToken.VALUE_STRING) {
						values.put(field.jsonName(), parser.getString());
					}
					else {
						if (typeError == null) {
							typeError = "json: cannot unmarshal " + goType(value) + " into Go struct field "
									+ struct.name() + "." + field.jsonName() + " of type string";
						}
						parser.skipChildren();
					}
				}
			}
			else if (token != JsonToken.VALUE_NULL) {
				typeError = "json: cannot unmarshal " + goType(token) + " into Go value of type server."
						+ struct.name();
				parser.skipChildren();
			}
		}
		catch (UnexpectedEndOfInputException ex) {
			throw new BindingException("unexpected EOF");
		}
		catch (JacksonException ex) {
			throw new BindingException("invalid JSON: " + ex.getOriginalMessage());
		}
		if (typeError != null) {
			throw new BindingException(typeError);
		}
		for (GoField field : struct.fields()) {
			if (field.required() && values.get(field.jsonName()).isEmpty()) {
				throw new BindingException("Key: '" + struct.name() + "." + field.goName() + "' Error:Field validation for '"
						+ field.goName() + "' failed on the 'required' tag");
			}
		}
		return values;
	}

	private static String goType(JsonToken token) {
		return switch (token) {
			case VALUE_STRING -> "string";
			case VALUE_TRUE, VALUE_FALSE -> "bool";
			case START_ARRAY -> "array";
			case START_OBJECT -> "object";
			default -> "number";
		};
	}

	/**
	 * A Go request struct whose fields are all strings.
	 *
	 * @param name the struct's name, e.g. {@code RegisterRequest}
	 * @param fields its fields
	 */
	record GoStruct(String name, List<GoField> fields) {

		GoStruct(String name, GoField... fields) {
			this(name, List.of(fields));
		}

		GoField field(String key) {
			for (GoField field : this.fields) {
				if (field.jsonName().equals(key)) {
					return field;
				}
			}
			for (GoField field : this.fields) {
				if (field.jsonName().equalsIgnoreCase(key)) {
					return field;
				}
			}
			return null;
		}

	}

	/**
	 * A string field of a Go request struct.
	 *
	 * @param jsonName its JSON key, e.g. {@code name}
	 * @param goName its Go name, e.g. {@code Name}
	 * @param required whether it carries {@code binding:"required"}
	 */
	record GoField(String jsonName, String goName, boolean required) {

	}

	/**
	 * The body cannot be bound; Gin answers {@code 400 {"error": message}}.
	 */
	static final class BindingException extends Exception {

		private static final long serialVersionUID = 1L;

		BindingException(String message) {
			super(message);
		}

	}

}
