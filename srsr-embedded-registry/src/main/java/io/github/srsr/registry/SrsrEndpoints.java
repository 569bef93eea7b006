package io.github.srsr.registry;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.github.srsr.registry.GinJsonBinding.BindingException;
import io.github.srsr.registry.GinJsonBinding.GoField;
import io.github.srsr.registry.GinJsonBinding.GoStruct;

/**
 * srsr's router and its four endpoints, answering as the real server (Gin with its defaults) does; no HTTP
 * transport here.
 *
 * <ul>
 * <li>{@code POST /register}, {@code /heartbeat}, {@code /deregister}, {@code /lookup}: JSON answers, see
 * docs/protocol.md.</li>
 * <li>{@code POST} to one of these paths with a trailing slash: Gin's trailing-slash redirect, {@code 307} with
 * {@code Location} the path without the slash (plus the query) and no body.</li>
 * <li>Anything else, including any other method on these paths: {@code 404} {@code text/plain}
 * {@code 404 page not found}.</li>
 * </ul>
 */
final class SrsrEndpoints {

	static final String JSON = "application/json; charset=utf-8";

	private static final Set<String> PATHS = Set.of("/register", "/heartbeat", "/deregister", "/lookup");

	private static final GoStruct REGISTER = new GoStruct("RegisterRequest", new GoField("name", "Name", true),
			new GoField("address", "Address", false), new GoField("port", "Port", false));

	private static final GoStruct HEARTBEAT = new GoStruct("HeartbeatRequest", new GoField("id", "ID", true));

	private static final GoStruct DEREGISTER = new GoStruct("DeregisterRequest", new GoField("id", "ID", true));

	private static final GoStruct LOOKUP = new GoStruct("LookupRequest", new GoField("name", "Name", true));

	private final RegistryState state;

	SrsrEndpoints(RegistryState state) {
		this.state = state;
	}

	/**
	 * Answers one request.
	 * @param method the HTTP method
	 * @param path the decoded path
	 * @param rawQuery the raw query, or {@code null}
	 * @param body the body
	 * @param clientIp the caller's IP as the registry sees it
	 * @return the answer
	 */
	HttpAnswer answer(String method, String path, String rawQuery, String body, String clientIp) {
		if (!"POST".equals(method)) {
			return HttpAnswer.NOT_FOUND;
		}
		if (path.length() > 1 && path.endsWith("/") && PATHS.contains(path.substring(0, path.length() - 1))) {
			String location = path.substring(0, path.length() - 1) + ((rawQuery != null) ? "?" + rawQuery : "");
			return new HttpAnswer(307, null, "", location);
		}
		try {
			return switch (path) {
				case "/register" -> register(GinJsonBinding.bind(body, REGISTER), clientIp);
				case "/heartbeat" -> json(Map.of("success", this.state.heartbeat(id(body, HEARTBEAT))));
				case "/deregister" -> json(Map.of("success", this.state.deregister(id(body, DEREGISTER))));
				case "/lookup" -> lookup(GinJsonBinding.bind(body, LOOKUP).get("name"));
				default -> HttpAnswer.NOT_FOUND;
			};
		}
		catch (BindingException ex) {
			return new HttpAnswer(400, JSON, GinJson.object(Map.of("error", ex.getMessage())), null);
		}
	}

	private HttpAnswer register(Map<String, String> request, String clientIp) {
		String address = AddressRule.build(request.get("address"), request.get("port"), clientIp);
		if (!AddressRule.isValid(address)) {
			return new HttpAnswer(400, null, "", null);
		}
		String id = this.state.register(request.get("name"), address);
		return json(Map.of("id", id, "success", true));
	}

	private HttpAnswer lookup(String name) {
		Optional<String> address = this.state.lookup(name);
		return json(Map.of("address", address.orElse(""), "success", address.isPresent()));
	}

	private static String id(String body, GoStruct struct) throws BindingException {
		return GinJsonBinding.bind(body, struct).get("id");
	}

	private static HttpAnswer json(Map<String, ?> body) {
		return new HttpAnswer(200, JSON, GinJson.object(body), null);
	}

	/**
	 * What to send back.
	 *
	 * @param status the status code
	 * @param contentType the Content-Type, or {@code null} for none
	 * @param body the body, empty for none
	 * @param location the Location header, or {@code null} for none
	 */
	record HttpAnswer(int status, String contentType, String body, String location) {

		static final HttpAnswer NOT_FOUND = new HttpAnswer(404, "text/plain", "404 page not found", null);

	}

}
